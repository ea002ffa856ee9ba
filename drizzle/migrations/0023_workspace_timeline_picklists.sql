CREATE TABLE `picklist_values` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`picklist` varchar(32) NOT NULL,
	`value` varchar(64) NOT NULL,
	`position` int NOT NULL,
	`active` boolean NOT NULL DEFAULT true,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `picklist_values_id` PRIMARY KEY(`id`),
	CONSTRAINT `picklist_values_list_value_uq` UNIQUE(`picklist`,`value`)
);
--> statement-breakpoint
CREATE INDEX `picklist_values_list_position_idx` ON `picklist_values` (`picklist`,`position`);--> statement-breakpoint
CREATE INDEX `audit_log_type_created_idx` ON `audit_log` (`entity_type`,`created_at`);