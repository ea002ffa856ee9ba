CREATE TABLE `ai_reviews` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`opportunity_id` bigint unsigned NOT NULL,
	`requested_by_id` varchar(36),
	`status` varchar(16) NOT NULL,
	`model` varchar(100) NOT NULL,
	`prompt_version` varchar(64) NOT NULL,
	`result` json,
	`error` text,
	`input_tokens` int NOT NULL DEFAULT 0,
	`output_tokens` int NOT NULL DEFAULT 0,
	`latency_ms` int NOT NULL DEFAULT 0,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `ai_reviews_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `ai_reviews` ADD CONSTRAINT `ai_reviews_opportunity_id_opportunities_id_fk` FOREIGN KEY (`opportunity_id`) REFERENCES `opportunities`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ai_reviews` ADD CONSTRAINT `ai_reviews_requested_by_id_users_id_fk` FOREIGN KEY (`requested_by_id`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `ai_reviews_opportunity_idx` ON `ai_reviews` (`opportunity_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `ai_reviews_requested_by_idx` ON `ai_reviews` (`requested_by_id`);--> statement-breakpoint
CREATE INDEX `ai_reviews_prompt_idx` ON `ai_reviews` (`prompt_version`,`created_at`);