ALTER TABLE `saved_reports` DROP COLUMN `schedule`;--> statement-breakpoint
ALTER TABLE `saved_reports` DROP COLUMN `recipients`;