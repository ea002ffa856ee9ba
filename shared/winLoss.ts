// The primary reasons a deal is won or lost (server/domain/README.md, "Win/loss"). Free text is allowed too.

export const winReasons = ['Product fit', 'Relationship / champion', 'Price / value', 'Timing', 'Competition weak'] as const;

export const lossReasons = [
  'Price',
  'Missing features',
  'Timing / no decision',
  'Lost to competitor',
  'Champion left',
  'No budget',
  'Went dark',
] as const;

export const winLossOutcomes = ['won', 'lost'] as const;
export type WinLossOutcome = (typeof winLossOutcomes)[number];

/** The taxonomy a primary reason is chosen from. */
export function reasonsOf(outcome: WinLossOutcome): readonly string[] {
  return outcome === 'won' ? winReasons : lossReasons;
}

/** The outcome a closed stage stands for (null for an open one). */
export function outcomeOfStage(stage: string): WinLossOutcome | null {
  return stage === 'Closed Won' ? 'won' : stage === 'Closed Lost' ? 'lost' : null;
}

/** Who may change a closed deal's win/loss record, in the words a refusal gives. */
export const winLossEditRule = 'the deal’s owner, their manager and admins can edit its win/loss record';

/**
 * May `who` change the win/loss record of a deal owned by `owner`? Its owner, the owner's manager (the team
 * they are in), admins, and the system.
 */
export function canEditWinLoss(who: { id: string | null; role: string }, owner: { id: string; managerId: string | null }): boolean {
  if (who.role === 'system' || who.role === 'admin') return true;
  if (who.id === null) return false;
  return who.id === owner.id || (who.role === 'manager' && owner.managerId === who.id);
}
