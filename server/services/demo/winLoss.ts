// Win/loss records for the demo's closed deals (the last 90 days: two quarters), as reps would have
// recorded them on closing: the loss reason mapped onto the taxonomy, a reason for each win, the deal's
// competitor, and lessons on about half. Its own seeded generator, so the rest of the demo is unchanged.
import type { winLossAnalysis } from '../../../drizzle/schema';
import { winReasons } from '../../../shared/winLoss';
import { createRandom } from '../../domain/random';
import type { SalesData } from './sales';

type WinLossRow = typeof winLossAnalysis.$inferInsert;

const lossReasonInTaxonomy: Record<string, string> = {
  'Lost to competitor': 'Lost to competitor',
  Price: 'Price',
  'No decision': 'Timing / no decision',
  'Budget cut': 'No budget',
  Timing: 'Timing / no decision',
  'Missing capability': 'Missing features',
};

const lessons = {
  won: [
    'Getting the economic buyer into the second meeting shortened the cycle by weeks.',
    'The pilot with their field team made the business case for us.',
    'A clear mutual close plan kept procurement from stalling.',
    'Our champion ran the internal demo herself: coach champions early.',
  ],
  lost: [
    'We priced before we had shown value; lead with the ROI model next time.',
    'We were single-threaded through IT and never met finance.',
    'The competitor was in the account six months before us.',
    'The PoC scope grew without success criteria; agree them in writing.',
  ],
};

export function buildWinLoss(seed: number, sales: SalesData): WinLossRow[] {
  const rng = createRandom(seed);
  return sales.opportunities
    .filter((d) => d.stage === 'Closed Won' || d.stage === 'Closed Lost')
    .map((deal) => {
      const outcome = deal.stage === 'Closed Won' ? ('won' as const) : ('lost' as const);
      const primaryReason = outcome === 'won' ? rng.pick(winReasons) : (lossReasonInTaxonomy[deal.lossReason ?? ''] ?? 'Went dark');
      return {
        opportunityId: deal.id,
        outcome,
        primaryReason,
        competitor: deal.competitor ?? null,
        lessons: rng.chance(0.5) ? rng.pick(lessons[outcome]) : null,
        createdById: deal.ownerId,
        createdAt: deal.closedAt!,
        updatedAt: deal.closedAt!,
      };
    });
}
