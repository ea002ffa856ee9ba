CREATE TABLE `hygiene_health_points` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`week_start` date NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`health` int,
	`open_deals` int NOT NULL,
	`open_results` int NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `hygiene_health_points_id` PRIMARY KEY(`id`),
	CONSTRAINT `hygiene_health_points_week_user_uq` UNIQUE(`week_start`,`user_id`)
);
--> statement-breakpoint
ALTER TABLE `rule_overrides` ADD `updated_by_id` varchar(36);--> statement-breakpoint
ALTER TABLE `rule_results` ADD `owner_id` varchar(36);--> statement-breakpoint
ALTER TABLE `rule_results` ADD `occurrence` int DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX `hygiene_health_points_user_idx` ON `hygiene_health_points` (`user_id`,`week_start`);--> statement-breakpoint
ALTER TABLE `rule_overrides` ADD CONSTRAINT `rule_overrides_updated_by_id_users_id_fk` FOREIGN KEY (`updated_by_id`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `rule_results_owner_idx` ON `rule_results` (`owner_id`,`resolved_at`);