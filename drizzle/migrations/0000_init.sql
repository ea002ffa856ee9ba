CREATE TABLE `auth_accounts` (
	`id` varchar(64) NOT NULL,
	`account_id` varchar(255) NOT NULL,
	`provider_id` varchar(64) NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`access_token` text,
	`refresh_token` text,
	`id_token` text,
	`access_token_expires_at` datetime(3),
	`refresh_token_expires_at` datetime(3),
	`scope` text,
	`password` text,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `auth_accounts_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`id` varchar(64) NOT NULL,
	`key` varchar(255) NOT NULL,
	`count` int NOT NULL,
	`last_request` bigint NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `rate_limits_id` PRIMARY KEY(`id`),
	CONSTRAINT `rate_limits_key_unique` UNIQUE(`key`)
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` varchar(64) NOT NULL,
	`token` varchar(255) NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	`ip_address` varchar(64),
	`user_agent` text,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `sessions_id` PRIMARY KEY(`id`),
	CONSTRAINT `sessions_token_unique` UNIQUE(`token`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` varchar(36) NOT NULL,
	`name` varchar(255) NOT NULL,
	`email` varchar(320) NOT NULL,
	`email_verified` boolean NOT NULL DEFAULT false,
	`image` text,
	`role` varchar(16) NOT NULL DEFAULT 'rep',
	`active` boolean NOT NULL DEFAULT true,
	`time_zone` varchar(64) NOT NULL DEFAULT 'UTC',
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `users_id` PRIMARY KEY(`id`),
	CONSTRAINT `users_email_unique` UNIQUE(`email`)
);
--> statement-breakpoint
CREATE TABLE `verifications` (
	`id` varchar(64) NOT NULL,
	`identifier` varchar(255) NOT NULL,
	`value` text NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `verifications_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `accounts` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`account_name` varchar(255) NOT NULL,
	`industry` varchar(128),
	`region` varchar(64),
	`vertical` varchar(128),
	`security_posture` varchar(16) NOT NULL DEFAULT 'standard',
	`website` varchar(512),
	`domain` varchar(255),
	`parent_account_id` bigint unsigned,
	`owner_id` varchar(36) NOT NULL,
	`last_activity_at` datetime(3),
	`deleted_at` datetime(3),
	`version` int NOT NULL DEFAULT 1,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `accounts_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `activities` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`type` varchar(16) NOT NULL,
	`subject` varchar(500) NOT NULL,
	`body` text,
	`occurred_at` datetime(3) NOT NULL,
	`due_at` datetime(3),
	`completed_at` datetime(3),
	`direction` varchar(16),
	`related_to_type` varchar(16) NOT NULL,
	`related_to_id` bigint unsigned NOT NULL,
	`account_id` bigint unsigned,
	`email_message_id` varchar(255),
	`provider` varchar(16),
	`provider_message_id` varchar(255),
	`provider_thread_id` varchar(255),
	`participants` json,
	`owner_id` varchar(36) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `activities_id` PRIMARY KEY(`id`),
	CONSTRAINT `activities_emailMessageId_unique` UNIQUE(`email_message_id`)
);
--> statement-breakpoint
CREATE TABLE `cases` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`case_number` varchar(32) NOT NULL,
	`account_id` bigint unsigned NOT NULL,
	`contact_id` bigint unsigned,
	`subject` varchar(500) NOT NULL,
	`description` text,
	`status` varchar(24) NOT NULL DEFAULT 'New',
	`priority` varchar(16) NOT NULL DEFAULT 'Medium',
	`sla_due_at` datetime(3) NOT NULL,
	`closed_at` datetime(3),
	`owner_id` varchar(36) NOT NULL,
	`last_activity_at` datetime(3),
	`version` int NOT NULL DEFAULT 1,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `cases_id` PRIMARY KEY(`id`),
	CONSTRAINT `cases_caseNumber_unique` UNIQUE(`case_number`)
);
--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`first_name` varchar(128) NOT NULL,
	`last_name` varchar(128) NOT NULL,
	`email` varchar(320),
	`phone` varchar(64),
	`title` varchar(255),
	`role` varchar(64),
	`account_id` bigint unsigned,
	`owner_id` varchar(36) NOT NULL,
	`last_activity_at` datetime(3),
	`version` int NOT NULL DEFAULT 1,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `contacts_id` PRIMARY KEY(`id`),
	CONSTRAINT `contacts_email_unique` UNIQUE(`email`)
);
--> statement-breakpoint
CREATE TABLE `leads` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`first_name` varchar(128) NOT NULL,
	`last_name` varchar(128) NOT NULL,
	`email` varchar(320),
	`phone` varchar(64),
	`company` varchar(255) NOT NULL,
	`title` varchar(255),
	`industry` varchar(128),
	`employees` int,
	`region` varchar(64),
	`lead_source` varchar(64),
	`score` int NOT NULL DEFAULT 0,
	`status` varchar(16) NOT NULL DEFAULT 'New',
	`owner_id` varchar(36) NOT NULL,
	`converted_at` datetime(3),
	`converted_account_id` bigint unsigned,
	`converted_contact_id` bigint unsigned,
	`converted_opportunity_id` bigint unsigned,
	`last_activity_at` datetime(3),
	`version` int NOT NULL DEFAULT 1,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `leads_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `line_items` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`opportunity_id` bigint unsigned NOT NULL,
	`product_id` bigint unsigned NOT NULL,
	`quantity` int NOT NULL,
	`unit_price` decimal(15,2) NOT NULL,
	`discount_percent` decimal(5,2) NOT NULL DEFAULT '0',
	`total_price` decimal(15,2) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `line_items_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `milestones` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`project_id` bigint unsigned NOT NULL,
	`title` varchar(255) NOT NULL,
	`due_date` date,
	`status` varchar(16) NOT NULL DEFAULT 'Not Started',
	`completed_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `milestones_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `opportunities` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`opportunity_name` varchar(255) NOT NULL,
	`account_id` bigint unsigned NOT NULL,
	`stage` varchar(32) NOT NULL DEFAULT 'Prospecting',
	`amount` decimal(15,2),
	`close_date` date,
	`probability` int NOT NULL,
	`probability_overridden` boolean NOT NULL DEFAULT false,
	`forecast_category` varchar(16) NOT NULL,
	`forecast_category_overridden` boolean NOT NULL DEFAULT false,
	`next_step` varchar(500),
	`next_step_date` date,
	`economic_buyer_contact_id` bigint unsigned,
	`champion_contact_id` bigint unsigned,
	`metrics` text,
	`decision_criteria` text,
	`decision_process` text,
	`paper_process` text,
	`identified_pain` text,
	`competition` text,
	`competitor` varchar(255),
	`loss_reason` varchar(255),
	`push_count` int NOT NULL DEFAULT 0,
	`stage_entered_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`closed_at` datetime(3),
	`owner_id` varchar(36) NOT NULL,
	`last_activity_at` datetime(3),
	`deleted_at` datetime(3),
	`version` int NOT NULL DEFAULT 1,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `opportunities_id` PRIMARY KEY(`id`),
	CONSTRAINT `opportunities_closed_at_matches_stage` CHECK((`opportunities`.`stage` IN ('Closed Won', 'Closed Lost')) = (`opportunities`.`closed_at` IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE `opportunity_stage_history` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`opportunity_id` bigint unsigned NOT NULL,
	`from_stage` varchar(32),
	`to_stage` varchar(32) NOT NULL,
	`amount` decimal(15,2),
	`close_date` date,
	`changed_by_id` varchar(36),
	`changed_at` datetime(3) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `opportunity_stage_history_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `products` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`product_name` varchar(255) NOT NULL,
	`product_code` varchar(64) NOT NULL,
	`category` varchar(128),
	`list_price` decimal(15,2) NOT NULL,
	`active` boolean NOT NULL DEFAULT true,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `products_id` PRIMARY KEY(`id`),
	CONSTRAINT `products_productCode_unique` UNIQUE(`product_code`)
);
--> statement-breakpoint
CREATE TABLE `projects` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`project_name` varchar(255) NOT NULL,
	`account_id` bigint unsigned NOT NULL,
	`opportunity_id` bigint unsigned,
	`status` varchar(16) NOT NULL DEFAULT 'Not Started',
	`health_status` varchar(16) NOT NULL DEFAULT 'Healthy',
	`expected_users` int NOT NULL DEFAULT 0,
	`active_users` int NOT NULL DEFAULT 0,
	`start_date` date,
	`target_end_date` date,
	`owner_id` varchar(36) NOT NULL,
	`last_activity_at` datetime(3),
	`deleted_at` datetime(3),
	`version` int NOT NULL DEFAULT 1,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `projects_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`actor_id` varchar(36),
	`action` varchar(16) NOT NULL,
	`entity_type` varchar(32) NOT NULL,
	`entity_id` varchar(64) NOT NULL,
	`changes` json NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `audit_log_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `digests` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`kind` varchar(16) NOT NULL,
	`period_key` varchar(32) NOT NULL,
	`status` varchar(16) NOT NULL,
	`content` json,
	`sent_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `digests_id` PRIMARY KEY(`id`),
	CONSTRAINT `digests_user_period_uq` UNIQUE(`user_id`,`kind`,`period_key`)
);
--> statement-breakpoint
CREATE TABLE `email_connections` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`provider` varchar(16) NOT NULL,
	`email_address` varchar(320) NOT NULL,
	`status` varchar(16) NOT NULL DEFAULT 'active',
	`access_token_encrypted` text,
	`refresh_token_encrypted` text,
	`token_expires_at` datetime(3),
	`cursor` text,
	`webhook_subscription_id` varchar(255),
	`expires_at` datetime(3),
	`sharing_level` varchar(16) NOT NULL DEFAULT 'full',
	`last_synced_at` datetime(3),
	`last_error` text,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `email_connections_id` PRIMARY KEY(`id`),
	CONSTRAINT `email_connections_provider_address_uq` UNIQUE(`provider`,`email_address`)
);
--> statement-breakpoint
CREATE TABLE `forecast_snapshot_opportunities` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`snapshot_id` bigint unsigned NOT NULL,
	`opportunity_id` bigint unsigned NOT NULL,
	`stage` varchar(32) NOT NULL,
	`amount` decimal(15,2),
	`probability` int NOT NULL,
	`forecast_category` varchar(16) NOT NULL,
	`close_date` date,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `forecast_snapshot_opportunities_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `forecast_snapshots` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`taken_at` datetime(3) NOT NULL,
	`period_start` date NOT NULL,
	`period_end` date NOT NULL,
	`user_id` varchar(36),
	`closed_amount` decimal(15,2) NOT NULL DEFAULT '0',
	`commit_amount` decimal(15,2) NOT NULL DEFAULT '0',
	`best_case_amount` decimal(15,2) NOT NULL DEFAULT '0',
	`pipeline_amount` decimal(15,2) NOT NULL DEFAULT '0',
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `forecast_snapshots_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`type` varchar(64) NOT NULL,
	`payload` json NOT NULL,
	`dedupe_key` varchar(255),
	`status` varchar(16) NOT NULL DEFAULT 'queued',
	`run_at` datetime(3) NOT NULL,
	`attempts` int NOT NULL DEFAULT 0,
	`max_attempts` int NOT NULL DEFAULT 5,
	`locked_by` varchar(128),
	`locked_until` datetime(3),
	`last_error` text,
	`finished_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `jobs_id` PRIMARY KEY(`id`),
	CONSTRAINT `jobs_dedupeKey_unique` UNIQUE(`dedupe_key`)
);
--> statement-breakpoint
CREATE TABLE `report_executions` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`report_id` bigint unsigned NOT NULL,
	`status` varchar(16) NOT NULL,
	`started_at` datetime(3) NOT NULL,
	`finished_at` datetime(3),
	`row_count` int,
	`error` text,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `report_executions_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `rule_overrides` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`rule_id` varchar(64) NOT NULL,
	`user_id` varchar(36),
	`enabled` boolean NOT NULL DEFAULT true,
	`severity` varchar(16),
	`thresholds` json,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `rule_overrides_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `rule_results` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`rule_id` varchar(64) NOT NULL,
	`record_type` varchar(16) NOT NULL,
	`record_id` bigint unsigned NOT NULL,
	`severity` varchar(16) NOT NULL,
	`message` text NOT NULL,
	`details` json,
	`first_seen_at` datetime(3) NOT NULL,
	`last_seen_at` datetime(3) NOT NULL,
	`resolved_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `rule_results_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `saved_reports` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`owner_id` varchar(36) NOT NULL,
	`name` varchar(255) NOT NULL,
	`definition` json NOT NULL,
	`schedule` varchar(64),
	`recipients` json,
	`shared` boolean NOT NULL DEFAULT false,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `saved_reports_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `user_preferences` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`key` varchar(64) NOT NULL,
	`value` json NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `user_preferences_id` PRIMARY KEY(`id`),
	CONSTRAINT `user_preferences_user_key_uq` UNIQUE(`user_id`,`key`)
);
--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`provider` varchar(16) NOT NULL,
	`external_id` varchar(255) NOT NULL,
	`payload` json NOT NULL,
	`received_at` datetime(3) NOT NULL,
	`processed_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `webhook_events_id` PRIMARY KEY(`id`),
	CONSTRAINT `webhook_events_provider_external_uq` UNIQUE(`provider`,`external_id`)
);
--> statement-breakpoint
CREATE TABLE `win_loss_analysis` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`opportunity_id` bigint unsigned NOT NULL,
	`outcome` varchar(8) NOT NULL,
	`primary_reason` varchar(64) NOT NULL,
	`secondary_reasons` json,
	`competitor` varchar(255),
	`lessons` text,
	`created_by_id` varchar(36),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `win_loss_analysis_id` PRIMARY KEY(`id`),
	CONSTRAINT `win_loss_analysis_opportunityId_unique` UNIQUE(`opportunity_id`)
);
--> statement-breakpoint
ALTER TABLE `auth_accounts` ADD CONSTRAINT `auth_accounts_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `sessions` ADD CONSTRAINT `sessions_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `accounts` ADD CONSTRAINT `accounts_parent_account_id_accounts_id_fk` FOREIGN KEY (`parent_account_id`) REFERENCES `accounts`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `accounts` ADD CONSTRAINT `accounts_owner_id_users_id_fk` FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `activities` ADD CONSTRAINT `activities_account_id_accounts_id_fk` FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `activities` ADD CONSTRAINT `activities_owner_id_users_id_fk` FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `cases` ADD CONSTRAINT `cases_account_id_accounts_id_fk` FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `cases` ADD CONSTRAINT `cases_contact_id_contacts_id_fk` FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `cases` ADD CONSTRAINT `cases_owner_id_users_id_fk` FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `contacts` ADD CONSTRAINT `contacts_account_id_accounts_id_fk` FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `contacts` ADD CONSTRAINT `contacts_owner_id_users_id_fk` FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `leads` ADD CONSTRAINT `leads_owner_id_users_id_fk` FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `leads` ADD CONSTRAINT `leads_converted_account_id_accounts_id_fk` FOREIGN KEY (`converted_account_id`) REFERENCES `accounts`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `leads` ADD CONSTRAINT `leads_converted_contact_id_contacts_id_fk` FOREIGN KEY (`converted_contact_id`) REFERENCES `contacts`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `leads` ADD CONSTRAINT `leads_converted_opportunity_id_opportunities_id_fk` FOREIGN KEY (`converted_opportunity_id`) REFERENCES `opportunities`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `line_items` ADD CONSTRAINT `line_items_opportunity_id_opportunities_id_fk` FOREIGN KEY (`opportunity_id`) REFERENCES `opportunities`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `line_items` ADD CONSTRAINT `line_items_product_id_products_id_fk` FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `milestones` ADD CONSTRAINT `milestones_project_id_projects_id_fk` FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `opportunities` ADD CONSTRAINT `opportunities_account_id_accounts_id_fk` FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `opportunities` ADD CONSTRAINT `opportunities_economic_buyer_contact_id_contacts_id_fk` FOREIGN KEY (`economic_buyer_contact_id`) REFERENCES `contacts`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `opportunities` ADD CONSTRAINT `opportunities_champion_contact_id_contacts_id_fk` FOREIGN KEY (`champion_contact_id`) REFERENCES `contacts`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `opportunities` ADD CONSTRAINT `opportunities_owner_id_users_id_fk` FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `opportunity_stage_history` ADD CONSTRAINT `opportunity_stage_history_opportunity_id_opportunities_id_fk` FOREIGN KEY (`opportunity_id`) REFERENCES `opportunities`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `opportunity_stage_history` ADD CONSTRAINT `opportunity_stage_history_changed_by_id_users_id_fk` FOREIGN KEY (`changed_by_id`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `projects` ADD CONSTRAINT `projects_account_id_accounts_id_fk` FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `projects` ADD CONSTRAINT `projects_opportunity_id_opportunities_id_fk` FOREIGN KEY (`opportunity_id`) REFERENCES `opportunities`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `projects` ADD CONSTRAINT `projects_owner_id_users_id_fk` FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `audit_log` ADD CONSTRAINT `audit_log_actor_id_users_id_fk` FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `digests` ADD CONSTRAINT `digests_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `email_connections` ADD CONSTRAINT `email_connections_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `forecast_snapshot_opportunities` ADD CONSTRAINT `fso_snapshot_fk` FOREIGN KEY (`snapshot_id`) REFERENCES `forecast_snapshots`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `forecast_snapshot_opportunities` ADD CONSTRAINT `fso_opportunity_fk` FOREIGN KEY (`opportunity_id`) REFERENCES `opportunities`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `forecast_snapshots` ADD CONSTRAINT `forecast_snapshots_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `report_executions` ADD CONSTRAINT `report_executions_report_id_saved_reports_id_fk` FOREIGN KEY (`report_id`) REFERENCES `saved_reports`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `rule_overrides` ADD CONSTRAINT `rule_overrides_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `saved_reports` ADD CONSTRAINT `saved_reports_owner_id_users_id_fk` FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `user_preferences` ADD CONSTRAINT `user_preferences_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `win_loss_analysis` ADD CONSTRAINT `win_loss_analysis_opportunity_id_opportunities_id_fk` FOREIGN KEY (`opportunity_id`) REFERENCES `opportunities`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `win_loss_analysis` ADD CONSTRAINT `win_loss_analysis_created_by_id_users_id_fk` FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `auth_accounts_user_idx` ON `auth_accounts` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `users_role_idx` ON `users` (`role`);--> statement-breakpoint
CREATE INDEX `users_active_idx` ON `users` (`active`);--> statement-breakpoint
CREATE INDEX `verifications_identifier_idx` ON `verifications` (`identifier`);--> statement-breakpoint
CREATE INDEX `accounts_owner_idx` ON `accounts` (`owner_id`,`account_name`,`id`);--> statement-breakpoint
CREATE INDEX `accounts_name_idx` ON `accounts` (`account_name`,`id`);--> statement-breakpoint
CREATE INDEX `accounts_parent_idx` ON `accounts` (`parent_account_id`);--> statement-breakpoint
CREATE INDEX `accounts_domain_idx` ON `accounts` (`domain`);--> statement-breakpoint
CREATE INDEX `accounts_industry_idx` ON `accounts` (`industry`);--> statement-breakpoint
CREATE INDEX `accounts_region_idx` ON `accounts` (`region`);--> statement-breakpoint
CREATE INDEX `accounts_updated_idx` ON `accounts` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `accounts_created_idx` ON `accounts` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `accounts_last_activity_idx` ON `accounts` (`last_activity_at`);--> statement-breakpoint
CREATE INDEX `accounts_deleted_idx` ON `accounts` (`deleted_at`);--> statement-breakpoint
CREATE INDEX `activities_related_idx` ON `activities` (`related_to_type`,`related_to_id`,`occurred_at`,`id`);--> statement-breakpoint
CREATE INDEX `activities_account_idx` ON `activities` (`account_id`,`occurred_at`,`id`);--> statement-breakpoint
CREATE INDEX `activities_owner_idx` ON `activities` (`owner_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `activities_type_due_idx` ON `activities` (`type`,`due_at`);--> statement-breakpoint
CREATE INDEX `activities_occurred_idx` ON `activities` (`occurred_at`);--> statement-breakpoint
CREATE INDEX `cases_owner_idx` ON `cases` (`owner_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `cases_status_idx` ON `cases` (`status`,`sla_due_at`,`id`);--> statement-breakpoint
CREATE INDEX `cases_priority_idx` ON `cases` (`priority`,`id`);--> statement-breakpoint
CREATE INDEX `cases_sla_idx` ON `cases` (`sla_due_at`,`id`);--> statement-breakpoint
CREATE INDEX `cases_account_idx` ON `cases` (`account_id`);--> statement-breakpoint
CREATE INDEX `cases_contact_idx` ON `cases` (`contact_id`);--> statement-breakpoint
CREATE INDEX `cases_updated_idx` ON `cases` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `cases_created_idx` ON `cases` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `contacts_account_idx` ON `contacts` (`account_id`,`last_name`,`id`);--> statement-breakpoint
CREATE INDEX `contacts_owner_idx` ON `contacts` (`owner_id`,`last_name`,`id`);--> statement-breakpoint
CREATE INDEX `contacts_last_name_idx` ON `contacts` (`last_name`,`id`);--> statement-breakpoint
CREATE INDEX `contacts_updated_idx` ON `contacts` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `contacts_created_idx` ON `contacts` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `contacts_last_activity_idx` ON `contacts` (`last_activity_at`);--> statement-breakpoint
CREATE INDEX `leads_owner_idx` ON `leads` (`owner_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `leads_status_idx` ON `leads` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `leads_created_idx` ON `leads` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `leads_updated_idx` ON `leads` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `leads_email_idx` ON `leads` (`email`);--> statement-breakpoint
CREATE INDEX `leads_score_idx` ON `leads` (`score`,`id`);--> statement-breakpoint
CREATE INDEX `leads_company_idx` ON `leads` (`company`,`id`);--> statement-breakpoint
CREATE INDEX `leads_converted_account_idx` ON `leads` (`converted_account_id`);--> statement-breakpoint
CREATE INDEX `leads_converted_contact_idx` ON `leads` (`converted_contact_id`);--> statement-breakpoint
CREATE INDEX `leads_converted_opportunity_idx` ON `leads` (`converted_opportunity_id`);--> statement-breakpoint
CREATE INDEX `leads_last_activity_idx` ON `leads` (`last_activity_at`);--> statement-breakpoint
CREATE INDEX `line_items_opportunity_idx` ON `line_items` (`opportunity_id`);--> statement-breakpoint
CREATE INDEX `line_items_product_idx` ON `line_items` (`product_id`);--> statement-breakpoint
CREATE INDEX `milestones_project_idx` ON `milestones` (`project_id`,`due_date`);--> statement-breakpoint
CREATE INDEX `milestones_due_idx` ON `milestones` (`status`,`due_date`);--> statement-breakpoint
CREATE INDEX `opportunities_owner_stage_close_idx` ON `opportunities` (`owner_id`,`stage`,`close_date`,`id`);--> statement-breakpoint
CREATE INDEX `opportunities_owner_close_idx` ON `opportunities` (`owner_id`,`close_date`,`id`);--> statement-breakpoint
CREATE INDEX `opportunities_owner_open_close_idx` ON `opportunities` (`owner_id`,`closed_at`,`close_date`,`id`);--> statement-breakpoint
CREATE INDEX `opportunities_stage_close_idx` ON `opportunities` (`stage`,`close_date`,`id`);--> statement-breakpoint
CREATE INDEX `opportunities_close_idx` ON `opportunities` (`close_date`,`id`);--> statement-breakpoint
CREATE INDEX `opportunities_amount_idx` ON `opportunities` (`amount`,`id`);--> statement-breakpoint
CREATE INDEX `opportunities_name_idx` ON `opportunities` (`opportunity_name`,`id`);--> statement-breakpoint
CREATE INDEX `opportunities_updated_idx` ON `opportunities` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `opportunities_created_idx` ON `opportunities` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `opportunities_account_idx` ON `opportunities` (`account_id`);--> statement-breakpoint
CREATE INDEX `opportunities_economic_buyer_idx` ON `opportunities` (`economic_buyer_contact_id`);--> statement-breakpoint
CREATE INDEX `opportunities_champion_idx` ON `opportunities` (`champion_contact_id`);--> statement-breakpoint
CREATE INDEX `opportunities_category_idx` ON `opportunities` (`forecast_category`);--> statement-breakpoint
CREATE INDEX `opportunities_next_step_date_idx` ON `opportunities` (`next_step_date`);--> statement-breakpoint
CREATE INDEX `opportunities_last_activity_idx` ON `opportunities` (`last_activity_at`);--> statement-breakpoint
CREATE INDEX `opportunities_deleted_idx` ON `opportunities` (`deleted_at`);--> statement-breakpoint
CREATE INDEX `stage_history_opportunity_idx` ON `opportunity_stage_history` (`opportunity_id`,`changed_at`);--> statement-breakpoint
CREATE INDEX `stage_history_changed_idx` ON `opportunity_stage_history` (`changed_at`);--> statement-breakpoint
CREATE INDEX `stage_history_changed_by_idx` ON `opportunity_stage_history` (`changed_by_id`);--> statement-breakpoint
CREATE INDEX `products_name_idx` ON `products` (`product_name`,`id`);--> statement-breakpoint
CREATE INDEX `products_category_idx` ON `products` (`category`);--> statement-breakpoint
CREATE INDEX `projects_owner_idx` ON `projects` (`owner_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `projects_status_idx` ON `projects` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `projects_name_idx` ON `projects` (`project_name`,`id`);--> statement-breakpoint
CREATE INDEX `projects_health_idx` ON `projects` (`health_status`,`id`);--> statement-breakpoint
CREATE INDEX `projects_account_idx` ON `projects` (`account_id`);--> statement-breakpoint
CREATE INDEX `projects_opportunity_idx` ON `projects` (`opportunity_id`);--> statement-breakpoint
CREATE INDEX `projects_target_end_idx` ON `projects` (`target_end_date`,`id`);--> statement-breakpoint
CREATE INDEX `projects_updated_idx` ON `projects` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `projects_created_idx` ON `projects` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `projects_deleted_idx` ON `projects` (`deleted_at`);--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity_type`,`entity_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_log_actor_idx` ON `audit_log` (`actor_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_log_created_idx` ON `audit_log` (`created_at`);--> statement-breakpoint
CREATE INDEX `digests_created_idx` ON `digests` (`created_at`);--> statement-breakpoint
CREATE INDEX `email_connections_user_idx` ON `email_connections` (`user_id`);--> statement-breakpoint
CREATE INDEX `email_connections_status_idx` ON `email_connections` (`status`);--> statement-breakpoint
CREATE INDEX `email_connections_expires_idx` ON `email_connections` (`expires_at`);--> statement-breakpoint
CREATE INDEX `email_connections_subscription_idx` ON `email_connections` (`webhook_subscription_id`);--> statement-breakpoint
CREATE INDEX `forecast_snapshot_opps_snapshot_idx` ON `forecast_snapshot_opportunities` (`snapshot_id`);--> statement-breakpoint
CREATE INDEX `forecast_snapshot_opps_opportunity_idx` ON `forecast_snapshot_opportunities` (`opportunity_id`);--> statement-breakpoint
CREATE INDEX `forecast_snapshots_period_idx` ON `forecast_snapshots` (`period_start`,`taken_at`);--> statement-breakpoint
CREATE INDEX `forecast_snapshots_user_idx` ON `forecast_snapshots` (`user_id`,`taken_at`);--> statement-breakpoint
CREATE INDEX `jobs_claim_idx` ON `jobs` (`status`,`run_at`);--> statement-breakpoint
CREATE INDEX `jobs_lease_idx` ON `jobs` (`status`,`locked_until`);--> statement-breakpoint
CREATE INDEX `jobs_type_idx` ON `jobs` (`type`,`status`);--> statement-breakpoint
CREATE INDEX `jobs_created_idx` ON `jobs` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `jobs_status_created_idx` ON `jobs` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `report_executions_report_idx` ON `report_executions` (`report_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `rule_overrides_rule_idx` ON `rule_overrides` (`rule_id`);--> statement-breakpoint
CREATE INDEX `rule_overrides_user_idx` ON `rule_overrides` (`user_id`);--> statement-breakpoint
CREATE INDEX `rule_results_record_idx` ON `rule_results` (`record_type`,`record_id`,`resolved_at`);--> statement-breakpoint
CREATE INDEX `rule_results_rule_idx` ON `rule_results` (`rule_id`,`resolved_at`);--> statement-breakpoint
CREATE INDEX `rule_results_last_seen_idx` ON `rule_results` (`last_seen_at`);--> statement-breakpoint
CREATE INDEX `saved_reports_owner_idx` ON `saved_reports` (`owner_id`,`name`);--> statement-breakpoint
CREATE INDEX `webhook_events_received_idx` ON `webhook_events` (`received_at`);--> statement-breakpoint
CREATE INDEX `win_loss_created_by_idx` ON `win_loss_analysis` (`created_by_id`);--> statement-breakpoint
CREATE INDEX `win_loss_outcome_idx` ON `win_loss_analysis` (`outcome`,`created_at`);