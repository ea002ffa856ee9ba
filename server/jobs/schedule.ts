// The periodic jobs. Times are UTC. `slot` is the dedupe granularity: one job per slot, however many
// schedulers run, so it must not be coarser than the pattern's period (tests/unit/jobs/schedule.test.ts checks).
import type { JobPayload, JobType } from './registry';
import type { SlotUnit } from './slots';

export interface ScheduleEntry<Type extends JobType = JobType> {
  /** Job type to enqueue (registered in registry.ts). */
  type: Type;
  /** 5-field cron pattern in UTC. */
  cron: string;
  slot: SlotUnit;
  /** Prefix of the dedupe key; defaults to the type. Give one when a type is scheduled twice. */
  name?: string;
  payload?: JobPayload<Type>;
  maxAttempts?: number;
}

export const schedule: readonly ScheduleEntry[] = [
  { type: 'maintenance.purgeExpired', cron: '7 * * * *', slot: 'hour' },
  { type: 'hygiene.scanAll', cron: '30 2 * * *', slot: 'day' },
  // File analyses are kept 30 days.
  { type: 'hygiene.purgeAnalyses', cron: '50 2 * * *', slot: 'day' },
  { type: 'delivery.alertSweep', cron: '*/5 * * * *', slot: 'minute' },
  // Hourly, because 08:00 comes at a different UTC hour in each CSM's zone.
  { type: 'delivery.projectHealthCheck', cron: '0 * * * *', slot: 'hour' },
  { type: 'delivery.purgeNotifications', cron: '23 3 * * *', slot: 'day' },
  // Friday evening UTC, after the week's updates: the forecast as it stood that week.
  { type: 'insight.forecastSnapshot', cron: '0 18 * * 5', slot: 'day' },
  // Every open lead's score, as its engagement decays a little each day without activity.
  { type: 'insight.scoreLeads', cron: '15 3 * * *', slot: 'day' },
  // The funnel's counts for the windows today and tomorrow may open, in every time zone.
  { type: 'insight.stageFlows', cron: '45 3 * * *', slot: 'day' },
  // Each user's digest is due at their own hour in their own zone; the tick finds whose has come.
  { type: 'delivery.digestTick', cron: '*/15 * * * *', slot: 'minute' },
  // Scheduled reports, the same way: each at its owner's hour in the owner's zone.
  { type: 'reports.scheduleTick', cron: '*/15 * * * *', slot: 'minute' },
  // Email capture: every mailbox synced every 15 minutes whether or not notifications came; watches renewed daily.
  { type: 'capture.catchUp', cron: '*/15 * * * *', slot: 'minute' },
  { type: 'capture.renewWatches', cron: '40 3 * * *', slot: 'day' },
  // The nightly reconciliation: the providers' last 7 days against what was handled; gaps read again.
  { type: 'capture.reconcile', cron: '10 2 * * *', slot: 'day' },
  // Playbooks on a saved view: who entered each view since the last look is enrolled.
  { type: 'automation.segmentSweep', cron: '*/10 * * * *', slot: 'minute' },
];
