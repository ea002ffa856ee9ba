// The weekly forecast snapshot (Friday, job insight.forecastSnapshot): for the organisation and for every
// user, per period of snapshotPeriods(), the category totals and each deal's stage, amount, probability,
// category and close date at that moment. Set-based: INSERT ... SELECT, nothing read into Node.
import { eq, sql } from 'drizzle-orm';
import { forecastSnapshots } from '../../drizzle/schema';
import { calendarDay, type Period } from '../../shared/periods';
import { type DbOrTx, inTransaction } from '../db';
import { snapshotPeriods } from '../domain/forecast';
import { systemActor } from '../lib/actor';
import { getOrganisationSettings } from '../services/settings';

/** The deals a period's forecast is made of: close date in it, open or won, not deleted. */
const inPeriod = (p: Period) =>
  sql`o.deleted_at is null and o.close_date between ${p.start} and ${p.end} and (o.closed_at is null or o.stage = 'Closed Won')`;

const totals = sql`
  coalesce(sum(case when o.stage = 'Closed Won' then o.amount end), 0),
  coalesce(sum(case when o.closed_at is null and o.forecast_category = 'Commit' then o.amount end), 0),
  coalesce(sum(case when o.closed_at is null and o.forecast_category = 'Best Case' then o.amount end), 0),
  coalesce(sum(case when o.closed_at is null and o.forecast_category = 'Pipeline' then o.amount end), 0)`;

async function snapshotPeriod(tx: DbOrTx, takenAt: Date, snapshotDate: string, p: Period): Promise<void> {
  const head = sql`insert into forecast_snapshots
    (taken_at, snapshot_date, period_kind, period_start, period_end, user_id,
     closed_amount, commit_amount, best_case_amount, pipeline_amount, created_at, updated_at)`;
  const fixed = sql`${takenAt}, ${snapshotDate}, ${p.kind}, ${p.start}, ${p.end}`;
  // The organisation.
  await tx.execute(sql`${head} select ${fixed}, null, ${totals}, ${takenAt}, ${takenAt} from opportunities o where ${inPeriod(p)}`);
  // Every active user (zeros for those without deals in the period), and anyone else who owns some.
  await tx.execute(sql`${head}
    select ${fixed}, u.id, ${totals}, ${takenAt}, ${takenAt}
    from users u left join opportunities o on o.owner_id = u.id and ${inPeriod(p)}
    group by u.id
    having max(u.active) = 1 or count(o.id) > 0`);
  // Each deal under its owner's snapshot and the organisation's.
  await tx.execute(sql`insert into forecast_snapshot_opportunities
      (snapshot_id, opportunity_id, stage, amount, probability, forecast_category, close_date, created_at)
    select s.id, o.id, o.stage, o.amount, o.probability, o.forecast_category, o.close_date, ${takenAt}
    from opportunities o
    join forecast_snapshots s on s.snapshot_date = ${snapshotDate} and s.period_kind = ${p.kind}
      and s.period_start = ${p.start} and s.scope_key in (o.owner_id, '')
    where ${inPeriod(p)}`);
}

/**
 * Takes the snapshot of `now`'s day (UTC). Taking it again the same day replaces it, so a retried or
 * re-run job leaves one snapshot per day, scope and period.
 */
export async function takeForecastSnapshot(db: DbOrTx, now: Date): Promise<{ snapshotDate: string; periods: Period[] }> {
  const snapshotDate = calendarDay(now, 'UTC');
  return inTransaction(db, async (tx) => {
    const { fiscalYearStartMonth } = await getOrganisationSettings(tx, systemActor('forecast snapshot'));
    const periods = snapshotPeriods(snapshotDate, fiscalYearStartMonth);
    // Their deals go with them (ON DELETE CASCADE).
    await tx.delete(forecastSnapshots).where(eq(forecastSnapshots.snapshotDate, snapshotDate));
    for (const p of periods) await snapshotPeriod(tx, now, snapshotDate, p);
    return { snapshotDate, periods };
  });
}
