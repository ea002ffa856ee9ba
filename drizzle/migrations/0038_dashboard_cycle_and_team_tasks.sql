DROP INDEX `activities_open_tasks_idx` ON `activities`;--> statement-breakpoint
ALTER TABLE `insight_deal_buckets` ADD `cycle_seconds` bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `insight_deal_buckets_close_month_idx` ON `insight_deal_buckets` (`owner_id`,`close_month`,`deals`,`amount`);--> statement-breakpoint
CREATE INDEX `activities_open_tasks_idx` ON `activities` (`type`,`completed_at`,`due_at`,`id`,`owner_id`);--> statement-breakpoint
-- The buckets' sales cycles start at 0: until the next rebuild (the nightly insight job) the dashboards count live.
DELETE FROM `precomputed_aggregates` WHERE `name` = 'deal_buckets';
