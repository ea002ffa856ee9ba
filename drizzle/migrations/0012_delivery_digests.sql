ALTER TABLE `digests` ADD `subject` varchar(255);--> statement-breakpoint
ALTER TABLE `digests` ADD `delivered_channels` json;--> statement-breakpoint
ALTER TABLE `digests` ADD `error` text;--> statement-breakpoint
CREATE INDEX `digests_user_created_idx` ON `digests` (`user_id`,`created_at`,`id`);