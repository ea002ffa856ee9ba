CREATE TABLE `hygiene_analyses` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`owner_id` varchar(36) NOT NULL,
	`upload_id` bigint unsigned,
	`file_name` varchar(255) NOT NULL,
	`source` varchar(16) NOT NULL,
	`status` varchar(16) NOT NULL DEFAULT 'mapping',
	`mapping` json NOT NULL,
	`stage_mapping` json NOT NULL,
	`as_of` varchar(10),
	`row_count` int NOT NULL,
	`analysed_rows` int NOT NULL DEFAULT 0,
	`broken_count` int NOT NULL DEFAULT 0,
	`broken_rows` json,
	`open_deals` int NOT NULL DEFAULT 0,
	`findings_count` int NOT NULL DEFAULT 0,
	`health` int,
	`totals` json,
	`duration_ms` int,
	`expires_at` datetime(3) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `hygiene_analyses_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `hygiene_analysis_deals` (
	`analysis_id` bigint unsigned NOT NULL,
	`file_row` int NOT NULL,
	`deal_key` varchar(255) NOT NULL,
	`deal_name` varchar(255) NOT NULL,
	`owner_name` varchar(255),
	`stage` varchar(32) NOT NULL,
	`amount_cents` bigint,
	`close_date` varchar(10),
	`is_open` boolean NOT NULL,
	`health` int NOT NULL,
	`findings` int NOT NULL,
	CONSTRAINT `hygiene_analysis_deals_analysis_id_file_row_pk` PRIMARY KEY(`analysis_id`,`file_row`)
);
--> statement-breakpoint
CREATE TABLE `hygiene_analysis_findings` (
	`analysis_id` bigint unsigned NOT NULL,
	`file_row` int NOT NULL,
	`rule_id` varchar(64) NOT NULL,
	`severity` varchar(16) NOT NULL,
	`message` text NOT NULL,
	CONSTRAINT `hygiene_analysis_findings_analysis_id_file_row_rule_id_pk` PRIMARY KEY(`analysis_id`,`file_row`,`rule_id`)
);
--> statement-breakpoint
ALTER TABLE `hygiene_analyses` ADD CONSTRAINT `hygiene_analyses_owner_id_users_id_fk` FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `hygiene_analyses` ADD CONSTRAINT `hygiene_analyses_upload_id_uploads_id_fk` FOREIGN KEY (`upload_id`) REFERENCES `uploads`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `hygiene_analysis_deals` ADD CONSTRAINT `hygiene_analysis_deals_analysis_id_hygiene_analyses_id_fk` FOREIGN KEY (`analysis_id`) REFERENCES `hygiene_analyses`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `hygiene_analysis_findings` ADD CONSTRAINT `hygiene_analysis_findings_analysis_id_hygiene_analyses_id_fk` FOREIGN KEY (`analysis_id`) REFERENCES `hygiene_analyses`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `hygiene_analyses_owner_idx` ON `hygiene_analyses` (`owner_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `hygiene_analyses_expires_idx` ON `hygiene_analyses` (`expires_at`);--> statement-breakpoint
CREATE INDEX `hygiene_analysis_deals_health_idx` ON `hygiene_analysis_deals` (`analysis_id`,`health`,`file_row`);--> statement-breakpoint
CREATE INDEX `hygiene_analysis_findings_rule_idx` ON `hygiene_analysis_findings` (`analysis_id`,`rule_id`);