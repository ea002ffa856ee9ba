ALTER TABLE `report_executions` ADD `trigger` varchar(16) NOT NULL;--> statement-breakpoint
ALTER TABLE `report_executions` ADD `run_by_id` varchar(36);--> statement-breakpoint
ALTER TABLE `report_executions` ADD `slot_key` varchar(64);--> statement-breakpoint
ALTER TABLE `report_executions` ADD `duration_ms` int;--> statement-breakpoint
ALTER TABLE `report_executions` ADD `delivery` varchar(16);--> statement-breakpoint
ALTER TABLE `saved_reports` ADD `schedule_frequency` varchar(8);--> statement-breakpoint
ALTER TABLE `saved_reports` ADD `schedule_hour` int;--> statement-breakpoint
ALTER TABLE `saved_reports` ADD `schedule_weekday` int;--> statement-breakpoint
ALTER TABLE `saved_reports` ADD `schedule_day_of_month` int;--> statement-breakpoint
ALTER TABLE `report_executions` ADD CONSTRAINT `report_executions_slotKey_unique` UNIQUE(`slot_key`);--> statement-breakpoint
ALTER TABLE `report_executions` ADD CONSTRAINT `report_executions_run_by_id_users_id_fk` FOREIGN KEY (`run_by_id`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `saved_reports_shared_idx` ON `saved_reports` (`shared`,`name`);--> statement-breakpoint
CREATE INDEX `saved_reports_schedule_idx` ON `saved_reports` (`schedule_frequency`);