CREATE TABLE `sign_in_failures` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`scope` varchar(16) NOT NULL,
	`subject` varchar(320) NOT NULL,
	`failures` int NOT NULL DEFAULT 0,
	`last_failure_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `sign_in_failures_id` PRIMARY KEY(`id`),
	CONSTRAINT `sign_in_failures_scope_subject_uq` UNIQUE(`scope`,`subject`)
);
--> statement-breakpoint
CREATE INDEX `sign_in_failures_last_failure_idx` ON `sign_in_failures` (`last_failure_at`);