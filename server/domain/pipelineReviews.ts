// A pipeline review against the previous one (server/domain/README.md, "Pipeline reviews"): which open
// hygiene results are new, which were resolved, how many are still open, and how health moved.
import type { ReviewState } from '../../shared/schemas/delivery';

export interface ReviewComparison {
  added: string[];
  resolved: string[];
  stillOpen: number;
  /** Anything new, resolved, or a health change: else a scheduled review has nothing to say. */
  changed: boolean;
  notes: string[];
}

export function compareReviews(before: Pick<ReviewState, 'openKeys' | 'health'> | null, now: Pick<ReviewState, 'openKeys' | 'health'>): ReviewComparison {
  const was = new Set(before?.openKeys ?? []);
  const is = new Set(now.openKeys);
  const added = [...is].filter((k) => !was.has(k));
  const resolved = [...was].filter((k) => !is.has(k));
  const stillOpen = now.openKeys.length - added.length;
  const healthLine =
    now.health === null
      ? 'Pipeline health: no open deals in scope'
      : before && before.health !== null && before.health !== now.health
        ? `Pipeline health: ${now.health} (was ${before.health})`
        : `Pipeline health: ${now.health}`;
  const notes = before
    ? [healthLine, `${added.length} new, ${resolved.length} resolved, ${stillOpen} still open since the last review`]
    : [healthLine, `First review: ${now.openKeys.length} open issues`];
  return { added, resolved, stillOpen, changed: added.length > 0 || resolved.length > 0 || (before?.health ?? null) !== now.health, notes };
}
