ALTER TABLE `playbook_enrolments` ADD `anchor_at` datetime(3);--> statement-breakpoint
ALTER TABLE `playbook_enrolments` ADD `wait_started_at` datetime(3);--> statement-breakpoint
ALTER TABLE `playbook_enrolments` ADD `wait_timeout_at` datetime(3);