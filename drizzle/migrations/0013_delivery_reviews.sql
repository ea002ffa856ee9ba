CREATE TABLE `pipeline_reviews` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`owner_id` varchar(36) NOT NULL,
	`name` varchar(120) NOT NULL,
	`scope_kind` varchar(16) NOT NULL,
	`scope_value` varchar(64),
	`cadence` varchar(16) NOT NULL,
	`hour` int NOT NULL,
	`active` boolean NOT NULL DEFAULT true,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `pipeline_reviews_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `pipeline_reviews` ADD CONSTRAINT `pipeline_reviews_owner_id_users_id_fk` FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `pipeline_reviews_owner_idx` ON `pipeline_reviews` (`owner_id`,`id`);--> statement-breakpoint
CREATE INDEX `pipeline_reviews_active_idx` ON `pipeline_reviews` (`active`);