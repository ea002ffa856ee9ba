CREATE INDEX `forecast_snapshot_opps_snapshot_deal_idx` ON `forecast_snapshot_opportunities` (`snapshot_id`,`opportunity_id`,`forecast_category`,`amount`,`stage`,`close_date`);--> statement-breakpoint
DROP INDEX `forecast_snapshot_opps_snapshot_idx` ON `forecast_snapshot_opportunities`;
