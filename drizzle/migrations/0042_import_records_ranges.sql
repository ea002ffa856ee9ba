DROP INDEX `import_records_record_idx` ON `import_records`;--> statement-breakpoint
ALTER TABLE `import_records` ADD `record_count` int DEFAULT 1 NOT NULL;