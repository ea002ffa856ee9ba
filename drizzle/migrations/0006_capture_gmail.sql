CREATE TABLE `activity_links` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`activity_id` bigint unsigned NOT NULL,
	`related_to_type` varchar(16) NOT NULL,
	`related_to_id` bigint unsigned NOT NULL,
	`occurred_at` datetime(3) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `activity_links_id` PRIMARY KEY(`id`),
	CONSTRAINT `activity_links_activity_record_uq` UNIQUE(`activity_id`,`related_to_type`,`related_to_id`)
);
--> statement-breakpoint
CREATE TABLE `capture_blocklist` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`scope` varchar(8) NOT NULL,
	`user_id` varchar(36),
	`value` varchar(320) NOT NULL,
	`created_by_id` varchar(36),
	`scope_key` varchar(36) GENERATED ALWAYS AS (coalesce(`user_id`, '')) STORED,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `capture_blocklist_id` PRIMARY KEY(`id`),
	CONSTRAINT `capture_blocklist_scope_value_uq` UNIQUE(`scope_key`,`value`)
);
--> statement-breakpoint
ALTER TABLE `activities` ADD `capture_connection_id` bigint unsigned;--> statement-breakpoint
ALTER TABLE `email_connections` ADD `sync_locked_until` datetime(3);--> statement-breakpoint
ALTER TABLE `email_connections` ADD `sync_generation` int DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `email_connections` ADD `messages_seen` int DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `email_connections` ADD `messages_stored` int DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `email_connections` ADD `skipped_unmatched` int DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `email_connections` ADD `skipped_internal` int DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `email_connections` ADD `skipped_blocked` int DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `email_connections` ADD `messages_failed` int DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `email_connections` ADD `paused_until` datetime(3);--> statement-breakpoint
ALTER TABLE `webhook_events` ADD `connection_id` bigint unsigned;--> statement-breakpoint
ALTER TABLE `webhook_events` ADD `status` varchar(16) DEFAULT 'received' NOT NULL;--> statement-breakpoint
ALTER TABLE `webhook_events` ADD `error` text;--> statement-breakpoint
ALTER TABLE `activity_links` ADD CONSTRAINT `activity_links_activity_id_activities_id_fk` FOREIGN KEY (`activity_id`) REFERENCES `activities`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `capture_blocklist` ADD CONSTRAINT `capture_blocklist_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `capture_blocklist` ADD CONSTRAINT `capture_blocklist_created_by_id_users_id_fk` FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `activity_links_related_idx` ON `activity_links` (`related_to_type`,`related_to_id`,`occurred_at`,`activity_id`);--> statement-breakpoint
CREATE INDEX `capture_blocklist_user_idx` ON `capture_blocklist` (`user_id`);--> statement-breakpoint
ALTER TABLE `webhook_events` ADD CONSTRAINT `webhook_events_connection_id_email_connections_id_fk` FOREIGN KEY (`connection_id`) REFERENCES `email_connections`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `activities_capture_connection_idx` ON `activities` (`capture_connection_id`);--> statement-breakpoint
CREATE INDEX `webhook_events_connection_idx` ON `webhook_events` (`connection_id`,`status`);