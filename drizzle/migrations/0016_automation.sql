CREATE TABLE `playbook_enrolments` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`playbook_id` bigint unsigned NOT NULL,
	`playbook_version` int NOT NULL,
	`record_type` varchar(16) NOT NULL,
	`record_id` bigint unsigned NOT NULL,
	`owner_id` varchar(36) NOT NULL,
	`state` varchar(16) NOT NULL DEFAULT 'active',
	`current_step` int NOT NULL DEFAULT 0,
	`next_step_due_at` datetime(3),
	`enrolled_at` datetime(3) NOT NULL,
	`finished_at` datetime(3),
	`reason` text,
	`active_key` varchar(64),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `playbook_enrolments_id` PRIMARY KEY(`id`),
	CONSTRAINT `playbook_enrolments_active_uq` UNIQUE(`active_key`)
);
--> statement-breakpoint
CREATE TABLE `playbook_step_runs` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`enrolment_id` bigint unsigned NOT NULL,
	`step_index` int NOT NULL,
	`ran_at` datetime(3) NOT NULL,
	`outcome` varchar(255) NOT NULL,
	`activity_id` bigint unsigned,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `playbook_step_runs_id` PRIMARY KEY(`id`),
	CONSTRAINT `playbook_step_runs_enrolment_step_uq` UNIQUE(`enrolment_id`,`step_index`)
);
--> statement-breakpoint
CREATE TABLE `playbook_versions` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`playbook_id` bigint unsigned NOT NULL,
	`version` int NOT NULL,
	`trigger` json NOT NULL,
	`trigger_type` varchar(32) NOT NULL,
	`trigger_stage` varchar(32),
	`steps` json NOT NULL,
	`created_by_id` varchar(36),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `playbook_versions_id` PRIMARY KEY(`id`),
	CONSTRAINT `playbook_versions_playbook_version_uq` UNIQUE(`playbook_id`,`version`)
);
--> statement-breakpoint
CREATE TABLE `playbooks` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`name` varchar(128) NOT NULL,
	`description` text,
	`enabled` boolean NOT NULL DEFAULT false,
	`current_version` int NOT NULL DEFAULT 1,
	`default_key` varchar(64),
	`created_by_id` varchar(36),
	`updated_by_id` varchar(36),
	`version` int NOT NULL DEFAULT 1,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `playbooks_id` PRIMARY KEY(`id`),
	CONSTRAINT `playbooks_name_uq` UNIQUE(`name`),
	CONSTRAINT `playbooks_default_key_uq` UNIQUE(`default_key`)
);
--> statement-breakpoint
CREATE TABLE `web_to_lead_sources` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`public_id` varchar(40) NOT NULL,
	`name` varchar(128) NOT NULL,
	`owner_id` varchar(36) NOT NULL,
	`secret_sealed` text NOT NULL,
	`previous_secret_sealed` text,
	`previous_secret_expires_at` datetime(3),
	`secret_rotated_at` datetime(3),
	`rejected_count` int NOT NULL DEFAULT 0,
	`last_rejected_at` datetime(3),
	`received_count` int NOT NULL DEFAULT 0,
	`last_received_at` datetime(3),
	`created_by_id` varchar(36),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `web_to_lead_sources_id` PRIMARY KEY(`id`),
	CONSTRAINT `web_to_lead_sources_public_id_uq` UNIQUE(`public_id`),
	CONSTRAINT `web_to_lead_sources_name_uq` UNIQUE(`name`)
);
--> statement-breakpoint
ALTER TABLE `leads` ADD `extra_fields` json;--> statement-breakpoint
ALTER TABLE `playbook_enrolments` ADD CONSTRAINT `playbook_enrolments_playbook_id_playbooks_id_fk` FOREIGN KEY (`playbook_id`) REFERENCES `playbooks`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `playbook_enrolments` ADD CONSTRAINT `playbook_enrolments_owner_id_users_id_fk` FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `playbook_step_runs` ADD CONSTRAINT `playbook_step_runs_enrolment_id_playbook_enrolments_id_fk` FOREIGN KEY (`enrolment_id`) REFERENCES `playbook_enrolments`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `playbook_versions` ADD CONSTRAINT `playbook_versions_playbook_id_playbooks_id_fk` FOREIGN KEY (`playbook_id`) REFERENCES `playbooks`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `playbook_versions` ADD CONSTRAINT `playbook_versions_created_by_id_users_id_fk` FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `playbooks` ADD CONSTRAINT `playbooks_created_by_id_users_id_fk` FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `playbooks` ADD CONSTRAINT `playbooks_updated_by_id_users_id_fk` FOREIGN KEY (`updated_by_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `web_to_lead_sources` ADD CONSTRAINT `web_to_lead_sources_owner_id_users_id_fk` FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `web_to_lead_sources` ADD CONSTRAINT `web_to_lead_sources_created_by_id_users_id_fk` FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `playbook_enrolments_record_idx` ON `playbook_enrolments` (`record_type`,`record_id`,`enrolled_at`);--> statement-breakpoint
CREATE INDEX `playbook_enrolments_playbook_idx` ON `playbook_enrolments` (`playbook_id`,`state`,`enrolled_at`);--> statement-breakpoint
CREATE INDEX `playbook_versions_trigger_idx` ON `playbook_versions` (`trigger_type`,`trigger_stage`);--> statement-breakpoint
CREATE INDEX `playbooks_enabled_idx` ON `playbooks` (`enabled`);--> statement-breakpoint
CREATE INDEX `web_to_lead_sources_owner_idx` ON `web_to_lead_sources` (`owner_id`);