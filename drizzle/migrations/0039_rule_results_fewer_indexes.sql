DROP INDEX `rule_results_owner_idx` ON `rule_results`;--> statement-breakpoint
DROP INDEX `rule_results_open_idx` ON `rule_results`;--> statement-breakpoint
DROP INDEX `rule_results_record_idx` ON `rule_results`;--> statement-breakpoint
CREATE INDEX `rule_results_record_idx` ON `rule_results` (`record_type`,`record_id`,`resolved_at`,`severity`);