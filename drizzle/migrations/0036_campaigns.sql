CREATE TABLE `campaign_members` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`campaign_id` bigint unsigned NOT NULL,
	`member_type` varchar(16) NOT NULL,
	`member_id` bigint unsigned NOT NULL,
	`added_via` varchar(16) NOT NULL,
	`added_at` datetime(3) NOT NULL,
	`added_by_id` varchar(36),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `campaign_members_id` PRIMARY KEY(`id`),
	CONSTRAINT `campaign_members_member_uq` UNIQUE(`campaign_id`,`member_type`,`member_id`)
);
--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`name` varchar(128) NOT NULL,
	`type` varchar(32) NOT NULL,
	`channel` varchar(64),
	`start_date` date,
	`end_date` date,
	`cost` decimal(15,2) NOT NULL DEFAULT '0.00',
	`owner_id` varchar(36) NOT NULL,
	`created_by_id` varchar(36),
	`version` int NOT NULL DEFAULT 1,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `campaigns_id` PRIMARY KEY(`id`),
	CONSTRAINT `campaigns_name_uq` UNIQUE(`name`)
);
--> statement-breakpoint
ALTER TABLE `campaign_members` ADD CONSTRAINT `campaign_members_campaign_id_campaigns_id_fk` FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `campaign_members` ADD CONSTRAINT `campaign_members_added_by_id_users_id_fk` FOREIGN KEY (`added_by_id`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `campaigns` ADD CONSTRAINT `campaigns_owner_id_users_id_fk` FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `campaigns` ADD CONSTRAINT `campaigns_created_by_id_users_id_fk` FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `campaign_members_record_idx` ON `campaign_members` (`member_type`,`member_id`,`added_at`);--> statement-breakpoint
CREATE INDEX `campaign_members_added_idx` ON `campaign_members` (`campaign_id`,`added_at`);--> statement-breakpoint
CREATE INDEX `campaigns_owner_idx` ON `campaigns` (`owner_id`);--> statement-breakpoint
CREATE INDEX `campaigns_start_idx` ON `campaigns` (`start_date`,`id`);