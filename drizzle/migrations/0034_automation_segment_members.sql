CREATE TABLE `playbook_segment_members` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`playbook_id` bigint unsigned NOT NULL,
	`view_id` bigint unsigned NOT NULL,
	`record_id` bigint unsigned NOT NULL,
	`entered_at` datetime(3) NOT NULL,
	CONSTRAINT `playbook_segment_members_id` PRIMARY KEY(`id`),
	CONSTRAINT `playbook_segment_members_uq` UNIQUE(`playbook_id`,`view_id`,`record_id`)
);
--> statement-breakpoint
ALTER TABLE `playbook_segment_members` ADD CONSTRAINT `playbook_segment_members_playbook_id_playbooks_id_fk` FOREIGN KEY (`playbook_id`) REFERENCES `playbooks`(`id`) ON DELETE cascade ON UPDATE no action;