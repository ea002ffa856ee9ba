CREATE TABLE `upload_chunks` (
	`upload_id` bigint unsigned NOT NULL,
	`seq` int NOT NULL,
	`data` mediumblob NOT NULL,
	CONSTRAINT `upload_chunks_upload_id_seq_pk` PRIMARY KEY(`upload_id`,`seq`)
);
--> statement-breakpoint
CREATE TABLE `uploads` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`owner_id` varchar(36) NOT NULL,
	`file_name` varchar(255) NOT NULL,
	`format` varchar(8) NOT NULL,
	`status` varchar(16) NOT NULL DEFAULT 'receiving',
	`encoding` varchar(16),
	`delimiter` varchar(1),
	`byte_size` int NOT NULL DEFAULT 0,
	`chunk_count` int NOT NULL DEFAULT 0,
	`row_count` int NOT NULL DEFAULT 0,
	`columns` json,
	`sample` json,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `uploads_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `upload_chunks` ADD CONSTRAINT `upload_chunks_upload_id_uploads_id_fk` FOREIGN KEY (`upload_id`) REFERENCES `uploads`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `uploads` ADD CONSTRAINT `uploads_owner_id_users_id_fk` FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `uploads_owner_idx` ON `uploads` (`owner_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `uploads_status_idx` ON `uploads` (`status`,`created_at`);