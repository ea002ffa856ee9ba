// The demo's inboxes: what the alert sweeps and the services would have delivered over the last days, made
// by the same domain functions, so each demo user opens the app to a few real, linked notifications.
import type { notifications } from '../../../drizzle/schema';
import { isOpenStage } from '../../../shared/stages';
import { caseSlaAlert, isAlertingHealth, projectHealthAlert, SLA_ALERT_LOOKBACK_MS } from '../../domain/alerts';
import { assignmentTitle } from '../../delivery/assignments';
import { userActor } from '../../lib/actor';
import { type DemoContext, HOUR, MINUTE } from './context';
import type { SalesData } from './sales';
import type { SuccessData } from './success';

export type NotificationRow = typeof notifications.$inferInsert;

export function buildNotifications(ctx: DemoContext, sales: SalesData, success: SuccessData): NotificationRow[] {
  const { now, team } = ctx;
  const zoneOf = new Map([team.admin, ...team.managers, ...team.reps, ...team.csms].map((u) => [u.id, u.timeZone ?? 'UTC']));
  const at = (msAgo: number) => new Date(now.getTime() - msAgo);
  const rows: NotificationRow[] = [];
  const add = (row: Omit<NotificationRow, 'createdAt' | 'updatedAt'>, createdAt: Date, read = false) =>
    rows.push({ ...row, createdAt, updatedAt: createdAt, readAt: read ? createdAt : null });

  // Each rep was handed their two newest open deals by the first manager; the older one is read.
  const manager = team.managers[0];
  if (manager) {
    for (const rep of team.reps) {
      const newest = sales.opportunities
        .filter((o) => o.ownerId === rep.id && isOpenStage(o.stage))
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
        .slice(0, 2);
      newest.forEach((deal, i) => {
        const title = assignmentTitle(userActor(manager), deal.opportunityName);
        add({ userId: rep.id, kind: 'assignment', title, recordType: 'opportunity', recordId: deal.id }, at((i * 2 + 1) * 26 * HOUR), i > 0);
      });
    }
  }

  // CSMs heard of their projects turning At Risk or Critical two days ago.
  for (const p of success.projects) {
    const health = p.healthStatus ?? 'Healthy';
    if (!isAlertingHealth(health) || p.status === 'Completed' || p.status === 'Cancelled') continue;
    const when = at(2 * 24 * HOUR + 3 * HOUR);
    add(projectHealthAlert({ ...p, healthStatus: health }, zoneOf.get(p.ownerId) ?? 'UTC', when, 'changed'), when);
  }

  // Open cases near or past their SLA alerted their owners at the last sweep.
  for (const c of success.cases) {
    const alert = caseSlaAlert(
      { ...c, slaDueAt: c.slaDueAt!, ownerTimeZone: zoneOf.get(c.ownerId) ?? 'UTC' },
      now,
    );
    if (alert && c.slaDueAt!.getTime() > now.getTime() - SLA_ALERT_LOOKBACK_MS) add(alert, at(4 * MINUTE));
  }
  return rows;
}
