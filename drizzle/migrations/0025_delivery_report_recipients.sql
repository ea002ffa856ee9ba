CREATE TABLE `report_recipients` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`report_id` bigint unsigned NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `report_recipients_id` PRIMARY KEY(`id`),
	CONSTRAINT `report_recipients_report_user_uq` UNIQUE(`report_id`,`user_id`)
);
--> statement-breakpoint
ALTER TABLE `report_executions` ADD `deliveries` json;--> statement-breakpoint
ALTER TABLE `report_recipients` ADD CONSTRAINT `report_recipients_report_id_saved_reports_id_fk` FOREIGN KEY (`report_id`) REFERENCES `saved_reports`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `report_recipients` ADD CONSTRAINT `report_recipients_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `report_recipients_user_idx` ON `report_recipients` (`user_id`);