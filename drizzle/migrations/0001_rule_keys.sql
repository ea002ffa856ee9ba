DROP INDEX `rule_overrides_rule_idx` ON `rule_overrides`;--> statement-breakpoint
ALTER TABLE `rule_overrides` ADD `scope_key` varchar(36) GENERATED ALWAYS AS (coalesce(`user_id`, '')) STORED;--> statement-breakpoint
ALTER TABLE `rule_overrides` ADD CONSTRAINT `rule_overrides_rule_scope_uq` UNIQUE(`rule_id`,`scope_key`);--> statement-breakpoint
ALTER TABLE `rule_results` ADD CONSTRAINT `rule_results_rule_record_uq` UNIQUE(`rule_id`,`record_type`,`record_id`);