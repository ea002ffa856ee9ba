CREATE TABLE `hygiene_deal_health` (
	`opportunity_id` bigint unsigned NOT NULL,
	`weight` int NOT NULL,
	CONSTRAINT `hygiene_deal_health_opportunity_id` PRIMARY KEY(`opportunity_id`)
);
--> statement-breakpoint
CREATE TABLE `insight_deal_buckets` (
	`owner_id` varchar(36) NOT NULL,
	`stage` varchar(32) NOT NULL,
	`close_month` char(7) NOT NULL,
	`forecast_category` varchar(16) NOT NULL,
	`closed_month` char(7) NOT NULL,
	`at_risk` boolean NOT NULL,
	`deals` int NOT NULL,
	`amount` decimal(20,2) NOT NULL,
	`weighted_amount` decimal(20,2) NOT NULL,
	CONSTRAINT `insight_deal_buckets_pk` PRIMARY KEY(`owner_id`,`closed_month`,`stage`,`close_month`,`forecast_category`,`at_risk`)
);
--> statement-breakpoint
CREATE TABLE `precomputed_aggregates` (
	`name` varchar(32) NOT NULL,
	`built_at` datetime(3) NOT NULL,
	CONSTRAINT `precomputed_aggregates_name` PRIMARY KEY(`name`)
);
