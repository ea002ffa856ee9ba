ALTER TABLE `users` ADD `manager_id` varchar(36);--> statement-breakpoint
ALTER TABLE `users` ADD CONSTRAINT `users_manager_id_users_id_fk` FOREIGN KEY (`manager_id`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `users_manager_idx` ON `users` (`manager_id`);