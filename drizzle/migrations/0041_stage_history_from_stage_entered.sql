ALTER TABLE `opportunity_stage_history` ADD `from_stage_entered_at` datetime(3);--> statement-breakpoint
-- Each move's time in the stage it left: the deal's previous move (or its opening entry).
UPDATE `opportunity_stage_history` h
  JOIN (
    SELECT `id`, lag(`changed_at`) OVER (PARTITION BY `opportunity_id` ORDER BY `changed_at`, `id`) AS `entered_at`
    FROM `opportunity_stage_history`
  ) moves ON moves.`id` = h.`id`
  SET h.`from_stage_entered_at` = moves.`entered_at`
  WHERE h.`from_stage` IS NOT NULL;--> statement-breakpoint
ALTER TABLE `opportunity_stage_history` DROP INDEX `stage_history_changed_idx`, ADD INDEX `stage_history_changed_idx` (`changed_at`,`from_stage`,`from_stage_entered_at`);
