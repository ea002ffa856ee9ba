CREATE TABLE `ai_prompt_experiments` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`feature` varchar(32) NOT NULL,
	`control_version_id` bigint unsigned NOT NULL,
	`challenger_version_id` bigint unsigned NOT NULL,
	`challenger_percent` int NOT NULL,
	`started_by_id` varchar(36),
	`started_at` datetime(3) NOT NULL,
	`ended_at` datetime(3),
	`ended_by_id` varchar(36),
	`outcome_version_id` bigint unsigned,
	CONSTRAINT `ai_prompt_experiments_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `ai_prompt_versions` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`feature` varchar(32) NOT NULL,
	`version` int NOT NULL,
	`label` varchar(64) NOT NULL,
	`system` text NOT NULL,
	`note` varchar(500),
	`created_by_id` varchar(36),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `ai_prompt_versions_id` PRIMARY KEY(`id`),
	CONSTRAINT `ai_prompt_versions_feature_version_uq` UNIQUE(`feature`,`version`),
	CONSTRAINT `ai_prompt_versions_label_uq` UNIQUE(`label`)
);
--> statement-breakpoint
CREATE TABLE `ai_prompts` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`feature` varchar(32) NOT NULL,
	`active_version_id` bigint unsigned NOT NULL,
	`updated_by_id` varchar(36),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `ai_prompts_id` PRIMARY KEY(`id`),
	CONSTRAINT `ai_prompts_feature_uq` UNIQUE(`feature`)
);
--> statement-breakpoint
ALTER TABLE `ai_prompt_experiments` ADD CONSTRAINT `ai_prompt_experiments_started_by_id_users_id_fk` FOREIGN KEY (`started_by_id`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ai_prompt_experiments` ADD CONSTRAINT `ai_prompt_experiments_ended_by_id_users_id_fk` FOREIGN KEY (`ended_by_id`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ai_prompt_experiments` ADD CONSTRAINT `ai_experiments_control_fk` FOREIGN KEY (`control_version_id`) REFERENCES `ai_prompt_versions`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ai_prompt_experiments` ADD CONSTRAINT `ai_experiments_challenger_fk` FOREIGN KEY (`challenger_version_id`) REFERENCES `ai_prompt_versions`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ai_prompt_experiments` ADD CONSTRAINT `ai_experiments_outcome_fk` FOREIGN KEY (`outcome_version_id`) REFERENCES `ai_prompt_versions`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ai_prompt_versions` ADD CONSTRAINT `ai_prompt_versions_created_by_id_users_id_fk` FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ai_prompts` ADD CONSTRAINT `ai_prompts_active_version_id_ai_prompt_versions_id_fk` FOREIGN KEY (`active_version_id`) REFERENCES `ai_prompt_versions`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ai_prompts` ADD CONSTRAINT `ai_prompts_updated_by_id_users_id_fk` FOREIGN KEY (`updated_by_id`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `ai_prompt_experiments_feature_idx` ON `ai_prompt_experiments` (`feature`,`ended_at`);