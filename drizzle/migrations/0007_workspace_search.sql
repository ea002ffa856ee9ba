CREATE TABLE `recent_views` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`entity_type` varchar(16) NOT NULL,
	`entity_id` bigint unsigned NOT NULL,
	`viewed_at` datetime(3) NOT NULL,
	CONSTRAINT `recent_views_id` PRIMARY KEY(`id`),
	CONSTRAINT `recent_views_user_entity_uq` UNIQUE(`user_id`,`entity_type`,`entity_id`)
);
--> statement-breakpoint
ALTER TABLE `recent_views` ADD CONSTRAINT `recent_views_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `recent_views_user_viewed_idx` ON `recent_views` (`user_id`,`viewed_at`);--> statement-breakpoint
CREATE INDEX `contacts_first_name_idx` ON `contacts` (`first_name`,`id`);--> statement-breakpoint
CREATE INDEX `contacts_phone_idx` ON `contacts` (`phone`);--> statement-breakpoint
CREATE INDEX `leads_last_name_idx` ON `leads` (`last_name`,`id`);--> statement-breakpoint
CREATE INDEX `leads_first_name_idx` ON `leads` (`first_name`,`id`);--> statement-breakpoint
CREATE INDEX `leads_phone_idx` ON `leads` (`phone`);