// At-risk deals on the dashboards: an open deal whose health from its open hygiene results (domain/hygiene/
// health.ts) is below AT_RISK_HEALTH, as the digests count it. server/insight/buckets.ts asks it of the
// database. The idle/past-close reasons below name two common causes on a deal's row when the scan has not
// seen it yet; they are no longer what decides "at risk".
import { isCloseDatePast, isOpenStage, type Stage } from '../../shared/stages';

export const AT_RISK_IDLE_DAYS = 14;

/** Deal health below this is at risk (server/delivery/digestContent.ts uses the same line). */
export const AT_RISK_HEALTH = 50;

/** The same line in open results' weight (health = 100 − weight): a deal is at risk above it. */
export const AT_RISK_WEIGHT = 100 - AT_RISK_HEALTH;

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
