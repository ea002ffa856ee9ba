ALTER TABLE `forecast_snapshots` ADD `snapshot_date` date NOT NULL;--> statement-breakpoint
ALTER TABLE `forecast_snapshots` ADD `period_kind` varchar(8) NOT NULL;--> statement-breakpoint
ALTER TABLE `forecast_snapshots` ADD `scope_key` varchar(36) GENERATED ALWAYS AS (coalesce(`user_id`, '')) STORED;--> statement-breakpoint
ALTER TABLE `forecast_snapshots` ADD CONSTRAINT `forecast_snapshots_day_scope_period_uq` UNIQUE(`snapshot_date`,`scope_key`,`period_kind`,`period_start`);--> statement-breakpoint
CREATE INDEX `forecast_snapshots_scope_period_idx` ON `forecast_snapshots` (`scope_key`,`period_kind`,`period_start`,`taken_at`);