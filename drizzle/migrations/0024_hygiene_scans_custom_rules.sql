CREATE TABLE `hygiene_custom_rules` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`name` varchar(120) NOT NULL,
	`category` varchar(32) NOT NULL,
	`severity` varchar(16) NOT NULL,
	`stages` json NOT NULL,
	`conditions` json NOT NULL,
	`message` varchar(300) NOT NULL,
	`remediation` varchar(300) NOT NULL,
	`enabled` boolean NOT NULL DEFAULT true,
	`created_by_id` varchar(36),
	`updated_by_id` varchar(36),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `hygiene_custom_rules_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `hygiene_scans` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`scanned_at` datetime(3) NOT NULL,
	`ms` int NOT NULL,
	`findings` int NOT NULL,
	`inserted` int NOT NULL,
	`reopened` int NOT NULL,
	`updated` int NOT NULL,
	`resolved` int NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `hygiene_scans_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
DROP INDEX `rule_results_last_seen_idx` ON `rule_results`;--> statement-breakpoint
ALTER TABLE `hygiene_custom_rules` ADD CONSTRAINT `hygiene_custom_rules_created_by_id_users_id_fk` FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `hygiene_custom_rules` ADD CONSTRAINT `hygiene_custom_rules_updated_by_id_users_id_fk` FOREIGN KEY (`updated_by_id`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `hygiene_scans_scanned_idx` ON `hygiene_scans` (`scanned_at`);--> statement-breakpoint
CREATE INDEX `activities_hygiene_idx` ON `activities` (`related_to_type`,`related_to_id`,`type`,`direction`,`occurred_at`,`completed_at`,`due_at`);