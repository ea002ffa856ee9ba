CREATE TABLE `capture_seen_messages` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`connection_id` bigint unsigned NOT NULL,
	`provider_message_id` varchar(255) NOT NULL,
	`outcome` varchar(16) NOT NULL,
	`seen_at` datetime(3) NOT NULL,
	CONSTRAINT `capture_seen_messages_id` PRIMARY KEY(`id`),
	CONSTRAINT `capture_seen_messages_connection_message_uq` UNIQUE(`connection_id`,`provider_message_id`)
);
--> statement-breakpoint
CREATE TABLE `capture_subscriptions` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`connection_id` bigint unsigned NOT NULL,
	`provider` varchar(16) NOT NULL,
	`resource` varchar(16) NOT NULL,
	`external_id` varchar(255) NOT NULL,
	`resource_id` varchar(255),
	`secret_hash` varchar(64) NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `capture_subscriptions_id` PRIMARY KEY(`id`),
	CONSTRAINT `capture_subscriptions_provider_external_uq` UNIQUE(`provider`,`external_id`)
);
--> statement-breakpoint
ALTER TABLE `activities` ADD `calendar_event_key` varchar(255);--> statement-breakpoint
ALTER TABLE `email_connections` ADD `calendar_cursor` text;--> statement-breakpoint
ALTER TABLE `email_connections` ADD `meetings_stored` int DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `email_connections` ADD `reconciled_at` datetime(3);--> statement-breakpoint
ALTER TABLE `email_connections` ADD `messages_recovered` int DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `activities` ADD CONSTRAINT `activities_calendarEventKey_unique` UNIQUE(`calendar_event_key`);--> statement-breakpoint
ALTER TABLE `capture_seen_messages` ADD CONSTRAINT `capture_seen_messages_connection_id_email_connections_id_fk` FOREIGN KEY (`connection_id`) REFERENCES `email_connections`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `capture_subscriptions` ADD CONSTRAINT `capture_subscriptions_connection_id_email_connections_id_fk` FOREIGN KEY (`connection_id`) REFERENCES `email_connections`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `capture_seen_messages_seen_idx` ON `capture_seen_messages` (`seen_at`);--> statement-breakpoint
CREATE INDEX `capture_subscriptions_connection_idx` ON `capture_subscriptions` (`connection_id`,`resource`);--> statement-breakpoint
CREATE INDEX `capture_subscriptions_expires_idx` ON `capture_subscriptions` (`expires_at`);