CREATE TABLE `saved_views` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`owner_id` varchar(36) NOT NULL,
	`list` varchar(32) NOT NULL,
	`name` varchar(80) NOT NULL,
	`params` json NOT NULL,
	`shared` boolean NOT NULL DEFAULT false,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `saved_views_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `saved_views` ADD CONSTRAINT `saved_views_owner_id_users_id_fk` FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `saved_views_owner_list_idx` ON `saved_views` (`owner_id`,`list`,`name`);--> statement-breakpoint
CREATE INDEX `saved_views_list_shared_idx` ON `saved_views` (`list`,`shared`,`name`);