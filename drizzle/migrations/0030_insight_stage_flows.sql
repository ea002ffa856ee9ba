CREATE TABLE `insight_stage_flow_windows` (
	`window_from` date NOT NULL,
	`refreshed_at` datetime(3) NOT NULL,
	CONSTRAINT `insight_stage_flow_windows_window_from` PRIMARY KEY(`window_from`)
);
--> statement-breakpoint
CREATE TABLE `insight_stage_flows` (
	`window_from` date NOT NULL,
	`owner_id` varchar(36) NOT NULL,
	`stage` varchar(32) NOT NULL,
	`entered` int NOT NULL DEFAULT 0,
	`advanced` int NOT NULL DEFAULT 0,
	CONSTRAINT `insight_stage_flows_pk` PRIMARY KEY(`window_from`,`owner_id`,`stage`)
);
