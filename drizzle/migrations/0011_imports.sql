CREATE TABLE `external_ids` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`entity_type` varchar(32) NOT NULL,
	`external_id` varchar(255) NOT NULL,
	`record_id` bigint unsigned NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `external_ids_id` PRIMARY KEY(`id`),
	CONSTRAINT `external_ids_entity_external_uq` UNIQUE(`entity_type`,`external_id`)
);
--> statement-breakpoint
CREATE TABLE `import_records` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`import_id` bigint unsigned NOT NULL,
	`entity_type` varchar(32) NOT NULL,
	`record_id` bigint unsigned NOT NULL,
	`action` varchar(8) NOT NULL,
	`before` json,
	`version_after` int NOT NULL,
	CONSTRAINT `import_records_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `import_rejections` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`import_id` bigint unsigned NOT NULL,
	`row_index` int NOT NULL,
	`reason` text NOT NULL,
	`cells` json NOT NULL,
	CONSTRAINT `import_rejections_id` PRIMARY KEY(`id`),
	CONSTRAINT `import_rejections_row_uq` UNIQUE(`import_id`,`row_index`)
);
--> statement-breakpoint
CREATE TABLE `imports` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`upload_id` bigint unsigned,
	`file_name` varchar(255) NOT NULL,
	`owner_id` varchar(36) NOT NULL,
	`entity` varchar(32) NOT NULL,
	`mapping` json NOT NULL,
	`options` json NOT NULL,
	`status` varchar(16) NOT NULL DEFAULT 'queued',
	`total_rows` int NOT NULL,
	`rows_done` int NOT NULL DEFAULT 0,
	`created` int NOT NULL DEFAULT 0,
	`updated` int NOT NULL DEFAULT 0,
	`unchanged` int NOT NULL DEFAULT 0,
	`rejected` int NOT NULL DEFAULT 0,
	`accounts_created` int NOT NULL DEFAULT 0,
	`active_ms` int NOT NULL DEFAULT 0,
	`cancel_requested` boolean NOT NULL DEFAULT false,
	`error` text,
	`started_at` datetime(3),
	`finished_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `imports_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `import_records` ADD CONSTRAINT `import_records_import_id_imports_id_fk` FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `import_rejections` ADD CONSTRAINT `import_rejections_import_id_imports_id_fk` FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `imports` ADD CONSTRAINT `imports_upload_id_uploads_id_fk` FOREIGN KEY (`upload_id`) REFERENCES `uploads`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `imports` ADD CONSTRAINT `imports_owner_id_users_id_fk` FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `external_ids_record_idx` ON `external_ids` (`entity_type`,`record_id`);--> statement-breakpoint
CREATE INDEX `import_records_import_idx` ON `import_records` (`import_id`,`entity_type`,`id`);--> statement-breakpoint
CREATE INDEX `import_records_record_idx` ON `import_records` (`entity_type`,`record_id`);--> statement-breakpoint
CREATE INDEX `imports_owner_idx` ON `imports` (`owner_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `imports_created_idx` ON `imports` (`created_at`,`id`);