// When a record reached its done state (a case closed, a milestone completed): kept while it stays
// done, set on the way in, cleared when it is reopened.

export function completionTime(before: { done: boolean; at: Date | null } | null, doneNow: boolean, now: Date): Date | null {
  if (!doneNow) return null;
  return before?.done && before.at ? before.at : now;
}
