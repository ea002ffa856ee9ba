CREATE TABLE `quotas` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`period_kind` varchar(8) NOT NULL,
	`period_start` date NOT NULL,
	`period_end` date NOT NULL,
	`amount` decimal(15,2) NOT NULL,
	`set_by_id` varchar(36),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `quotas_id` PRIMARY KEY(`id`),
	CONSTRAINT `quotas_user_period_uq` UNIQUE(`user_id`,`period_kind`,`period_start`),
	CONSTRAINT `quotas_period_user_uq` UNIQUE(`period_kind`,`period_start`,`user_id`)
);
--> statement-breakpoint
ALTER TABLE `quotas` ADD CONSTRAINT `quotas_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `quotas` ADD CONSTRAINT `quotas_set_by_id_users_id_fk` FOREIGN KEY (`set_by_id`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `activities_open_tasks_idx` ON `activities` (`type`,`completed_at`,`due_at`,`id`);--> statement-breakpoint
CREATE INDEX `opportunities_stage_closed_at_idx` ON `opportunities` (`stage`,`closed_at`);--> statement-breakpoint
CREATE INDEX `rule_results_open_idx` ON `rule_results` (`record_type`,`resolved_at`,`record_id`,`severity`);--> statement-breakpoint
CREATE INDEX `rule_results_owner_open_idx` ON `rule_results` (`owner_id`,`resolved_at`,`record_type`,`record_id`,`severity`);