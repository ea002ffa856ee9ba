CREATE INDEX `opportunities_owner_closed_stage_cover_idx` ON `opportunities` (`owner_id`,`closed_at`,`stage`,`close_date`,`forecast_category`,`deleted_at`,`amount`,`probability`,`created_at`);--> statement-breakpoint
DROP INDEX `opportunities_owner_closed_cover_idx` ON `opportunities`;
