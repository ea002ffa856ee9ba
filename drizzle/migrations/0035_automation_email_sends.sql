CREATE TABLE `email_sends` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`enrolment_id` bigint unsigned NOT NULL,
	`step_index` int NOT NULL,
	`variant` varchar(1) NOT NULL DEFAULT 'A',
	`recipient` varchar(320),
	`sender_id` varchar(36) NOT NULL,
	`status` varchar(16) NOT NULL,
	`error` text,
	`message_id` varchar(255),
	`activity_id` bigint unsigned,
	`deferred_until` datetime(3),
	`sent_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `email_sends_id` PRIMARY KEY(`id`),
	CONSTRAINT `email_sends_enrolment_step_uq` UNIQUE(`enrolment_id`,`step_index`)
);
--> statement-breakpoint
CREATE TABLE `email_suppressions` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`email` varchar(320) NOT NULL,
	`reason` varchar(16) NOT NULL,
	`detail` text,
	`send_id` bigint unsigned,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `email_suppressions_id` PRIMARY KEY(`id`),
	CONSTRAINT `email_suppressions_email_uq` UNIQUE(`email`)
);
--> statement-breakpoint
ALTER TABLE `email_sends` ADD CONSTRAINT `email_sends_enrolment_id_playbook_enrolments_id_fk` FOREIGN KEY (`enrolment_id`) REFERENCES `playbook_enrolments`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `email_sends` ADD CONSTRAINT `email_sends_sender_id_users_id_fk` FOREIGN KEY (`sender_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `email_sends_sender_sent_idx` ON `email_sends` (`sender_id`,`status`,`sent_at`);--> statement-breakpoint
CREATE INDEX `email_sends_recipient_idx` ON `email_sends` (`recipient`);