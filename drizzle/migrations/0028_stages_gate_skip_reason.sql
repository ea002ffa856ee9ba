ALTER TABLE `opportunity_stage_history` ADD `gate_skipped_fields` json;--> statement-breakpoint
ALTER TABLE `opportunity_stage_history` ADD `gate_skip_reason` varchar(500);