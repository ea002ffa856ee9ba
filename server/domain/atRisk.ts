// At-risk deals for the dashboards until the hygiene rule results are on main (issue #15): an open deal is
// at risk when nothing happened on it for 14 days (rule no_activity_14d, counted from its creation when it
// never had an activity) or its close date has passed (rule close_date_past). The SQL in
// server/insight/dashboard.ts asks the same question of the database; this names the reasons per deal.
import { isCloseDatePast, isOpenStage, type Stage } from '../../shared/stages';

export const AT_RISK_IDLE_DAYS = 14;

export type AtRiskReason = 'no_activity_14d' | 'close_date_past';

export const atRiskReasonLabels: Record<AtRiskReason, string> = {
  no_activity_14d: `No activity in ${AT_RISK_IDLE_DAYS} days`,
  close_date_past: 'Close date has passed',
};

/** The moment before which a deal's last activity makes it idle. */
export function idleCutoff(now: Date): Date {
  return new Date(now.getTime() - AT_RISK_IDLE_DAYS * 86_400_000);
}

export function atRiskReasons(
  deal: { stage: Stage; closeDate: string | null; lastActivityAt: Date | null; createdAt: Date },
  now: Date,
  today: string,
): AtRiskReason[] {
  if (!isOpenStage(deal.stage)) return [];
  const reasons: AtRiskReason[] = [];
  const lastTouch = deal.lastActivityAt ?? deal.createdAt;
  if (lastTouch.getTime() < idleCutoff(now).getTime()) reasons.push('no_activity_14d');
  if (isCloseDatePast(deal, today)) reasons.push('close_date_past');
  return reasons;
}
