CREATE INDEX `opportunities_owner_closed_cover_idx` ON `opportunities` (`owner_id`,`closed_at`,`close_date`,`stage`,`forecast_category`,`deleted_at`,`amount`,`probability`,`created_at`);--> statement-breakpoint
CREATE INDEX `opportunities_owner_close_cover_idx` ON `opportunities` (`owner_id`,`close_date`,`closed_at`,`stage`,`forecast_category`,`deleted_at`,`amount`);--> statement-breakpoint
CREATE INDEX `stage_history_opportunity_stage_idx` ON `opportunity_stage_history` (`opportunity_id`,`changed_at`,`to_stage`);--> statement-breakpoint
DROP INDEX `stage_history_opportunity_idx` ON `opportunity_stage_history`;
