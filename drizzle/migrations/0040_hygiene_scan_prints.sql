-- One statement per table: the foreign key on opportunity_id needs an index starting with it at every moment.
ALTER TABLE `opportunity_stage_history` DROP INDEX `stage_history_opportunity_stage_idx`, ADD INDEX `stage_history_opportunity_stage_idx` (`opportunity_id`,`changed_at`,`to_stage`,`from_stage`);--> statement-breakpoint
ALTER TABLE `rule_results` ADD `print` int unsigned DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The prints of the results stored so far, as the scan computes them (server/hygiene/openPrint.ts).
UPDATE `rule_results` SET `print` = crc32(concat_ws(char(31 using utf8mb4), `rule_id`, `record_id`, `severity`, `message`, coalesce(`owner_id`, '')));--> statement-breakpoint
ALTER TABLE `rule_results` DROP INDEX `rule_results_record_idx`, ADD INDEX `rule_results_record_idx` (`record_type`,`record_id`,`resolved_at`,`severity`,`print`);
