// Quotas for the demo's reps and deal-owning manager: a quarter quota for the last, this and the next fiscal
// quarter and a month quota for each month of this quarter (a third of it, rounded), sized from what each
// person's deals add up to so coverage ranges from thin to comfortable. Pure: demoData.ts inserts it.
import type { quotas } from '../../../drizzle/schema';
import { centsToMoney, moneyToCents } from '../../../shared/money';
import { calendarDay, type Period, periodContaining, shiftPeriod } from '../../../shared/periods';
import { createRandom } from '../../domain/random';
import type { DemoContext } from './context';
import type { SalesData } from './sales';

type QuotaRow = typeof quotas.$inferInsert;

const ROUND_TO = 5_000_00n;

export function buildQuotas(ctx: DemoContext, sales: SalesData, seed: number, fiscalYearStartMonth = 1): QuotaRow[] {
  const rng = createRandom(seed);
  const owners = [...ctx.team.reps, ctx.team.managers[0]!];
  const setById = ctx.team.managers[0]!.id;
  const thisQuarter = periodContaining(calendarDay(ctx.now, 'UTC'), 'quarter', fiscalYearStartMonth);
  const quarters = [-1, 0, 1].map((n) => shiftPeriod(thisQuarter, n, fiscalYearStartMonth));
  const months = [0, 1, 2].map((n) => shiftPeriod(periodContaining(thisQuarter.start, 'month'), n));
  const rows: QuotaRow[] = [];
  for (const owner of owners) {
    const dealCents = sales.opportunities
      .filter((d) => d.ownerId === owner.id && d.stage !== 'Closed Lost' && d.amount)
      .reduce((t, d) => t + moneyToCents(d.amount!), 0n);
    // A quarter's quota: a share of everything the person has in play (40-90%), at least 50k, in 5k steps.
    const share = BigInt(rng.int(40, 90));
    const raw = (dealCents * share) / 100n;
    const quarterCents = raw < 50_000_00n ? 50_000_00n : ((raw + ROUND_TO / 2n) / ROUND_TO) * ROUND_TO;
    const add = (period: Period, cents: bigint) =>
      rows.push({ userId: owner.id, periodKind: period.kind, periodStart: period.start, periodEnd: period.end, amount: centsToMoney(cents), setById, createdAt: ctx.now, updatedAt: ctx.now });
    for (const quarter of quarters) add(quarter, quarterCents);
    for (const month of months) add(month, ((quarterCents / 3n + 50_000n) / 100_000n) * 100_000n);
  }
  return rows;
}
