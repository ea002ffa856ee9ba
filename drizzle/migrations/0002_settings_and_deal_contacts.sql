CREATE TABLE `opportunity_contacts` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`opportunity_id` bigint unsigned NOT NULL,
	`contact_id` bigint unsigned NOT NULL,
	`role` varchar(64),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `opportunity_contacts_id` PRIMARY KEY(`id`),
	CONSTRAINT `opportunity_contacts_pair_uq` UNIQUE(`opportunity_id`,`contact_id`)
);
--> statement-breakpoint
CREATE TABLE `organisation_settings` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`key` varchar(64) NOT NULL,
	`value` json NOT NULL,
	`updated_by_id` varchar(36),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `organisation_settings_id` PRIMARY KEY(`id`),
	CONSTRAINT `organisation_settings_key_uq` UNIQUE(`key`)
);
--> statement-breakpoint
ALTER TABLE `opportunity_contacts` ADD CONSTRAINT `opportunity_contacts_opportunity_id_opportunities_id_fk` FOREIGN KEY (`opportunity_id`) REFERENCES `opportunities`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `opportunity_contacts` ADD CONSTRAINT `opportunity_contacts_contact_id_contacts_id_fk` FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `organisation_settings` ADD CONSTRAINT `organisation_settings_updated_by_id_users_id_fk` FOREIGN KEY (`updated_by_id`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `opportunity_contacts_contact_idx` ON `opportunity_contacts` (`contact_id`);