// LOAD DATA LOCAL bulk writes against a real database: every value arrives as sent (the characters the format
// escapes, NULLs, JSON, times to the millisecond), a duplicate key fails the statement instead of being skipped,
// and a scan batch large enough to load its new results in bulk keeps the scan's guarantees.
import { asc, eq, isNull, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ruleResults } from '../../../drizzle/schema';
import type { Finding } from '../../../server/domain/hygiene/evaluate';
import { storeBatch } from '../../../server/hygiene/scan';
import { loadRows } from '../../../server/lib/loadRows';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const at = new Date('2026-03-02T10:11:12.345Z');

const row = (recordId: number, message: string, extra: Partial<typeof ruleResults.$inferInsert> = {}) => ({
  ruleId: 'load_test',
  recordType: 'opportunity',
  recordId,
  ownerId: null,
  severity: 'warning' as const,
  message,
  details: { note: message },
  firstSeenAt: at,
  lastSeenAt: at,
  resolvedAt: null,
  createdAt: at,
  updatedAt: at,
  ...extra,
});

describe('loadRows', () => {
  it('stores every value as sent, escapes included', async () => {
    const messages = ['tab\there', 'line\nbreak', 'back\\slash \\N', 'carriage\rreturn', 'quote \' and "', 'naïve ✓ 🚀', '\\t literally', ''];
    await t.db.transaction((tx) => loadRows(tx, ruleResults, messages.map((m, i) => row(1_000 + i, m, { ownerId: i % 2 ? 'owner-x' : null }))));
    const stored = await t.db.select().from(ruleResults).where(eq(ruleResults.ruleId, 'load_test')).orderBy(asc(ruleResults.recordId));
    expect(stored.map((r) => r.message)).toEqual(messages);
    expect(stored.map((r) => r.details)).toEqual(messages.map((m) => ({ note: m })));
    expect(stored.map((r) => r.ownerId)).toEqual(messages.map((_, i) => (i % 2 ? 'owner-x' : null)));
    expect(stored.every((r) => r.firstSeenAt.getTime() === at.getTime() && r.resolvedAt === null && r.occurrence === 1)).toBe(true);
  });

  it('stores the values every row shares, sent once, on every row', async () => {
    const shared = new Date('2026-03-03T01:02:03.456Z');
    const rows = [1, 2, 3].map((i) => ({ ruleId: 'load_same', recordType: 'opportunity', recordId: 3_000 + i, severity: 'info' as const, message: `m${i}`, print: i }));
    await t.db.transaction((tx) => loadRows(tx, ruleResults, rows, { firstSeenAt: shared, lastSeenAt: shared, createdAt: shared, updatedAt: shared, ownerId: 'owner-s' }));
    const stored = await t.db.select().from(ruleResults).where(eq(ruleResults.ruleId, 'load_same')).orderBy(asc(ruleResults.recordId));
    expect(stored.map((r) => [r.message, r.print, r.ownerId, r.firstSeenAt.getTime(), r.lastSeenAt.getTime(), r.createdAt.getTime(), r.resolvedAt])).toEqual(
      [1, 2, 3].map((i) => [`m${i}`, i, 'owner-s', shared.getTime(), shared.getTime(), shared.getTime(), null]),
    );
  });

  it('fails on a duplicate key, and the transaction stores nothing', async () => {
    const rows = [row(2_000, 'first'), row(2_001, 'second'), row(2_000, 'again')];
    await expect(t.db.transaction((tx) => loadRows(tx, ruleResults, rows))).rejects.toThrow(/stored 2 of 3 rows/);
    const [n] = await t.db.select({ n: sql<number>`count(*)` }).from(ruleResults).where(sql`${ruleResults.recordId} between 2000 and 2001`);
    expect(Number(n!.n)).toBe(0);
  });
});

describe('a scan batch with many new results', () => {
  const findings = (n: number, message = 'Big batch'): Finding[] =>
    Array.from({ length: n }, (_, i) => ({ ruleId: 'bulk_rule', recordType: 'project', recordId: 50_000 + i, ownerId: 'owner-y', severity: 'info', message, details: {} }));
  const seen = { lastFullScanAt: null, stampUnchanged: false };
  const range = { after: 49_999, upTo: 60_000 };

  it('loads them in bulk, then changes nothing on the same findings and resolves the ones gone', async () => {
    const first = await t.db.transaction((tx) => storeBatch(tx, 'project', range, findings(1_500), at, seen));
    expect(first).toMatchObject({ inserted: 1_500, reopened: 0, updated: 0, resolved: 0 });
    const again = await t.db.transaction((tx) => storeBatch(tx, 'project', range, findings(1_500), new Date(at.getTime() + 1_000), seen));
    expect(again).toMatchObject({ inserted: 0, reopened: 0, updated: 0, resolved: 0, unchanged: 1_500 });
    const fewer = await t.db.transaction((tx) => storeBatch(tx, 'project', range, findings(1_200), new Date(at.getTime() + 2_000), seen));
    expect(fewer).toMatchObject({ inserted: 0, resolved: 300, unchanged: 1_200 });
    const open = await t.db.select({ n: sql<number>`count(*)` }).from(ruleResults).where(sql`${ruleResults.ruleId} = 'bulk_rule' and ${isNull(ruleResults.resolvedAt)}`);
    expect(Number(open[0]!.n)).toBe(1_200);
    // Held again: the same rows reopen, none is added.
    const back = await t.db.transaction((tx) => storeBatch(tx, 'project', range, findings(1_500), new Date(at.getTime() + 3_000), seen));
    expect(back).toMatchObject({ inserted: 0, reopened: 300, unchanged: 1_200 });
    const all = await t.db.select({ n: sql<number>`count(*)` }).from(ruleResults).where(eq(ruleResults.ruleId, 'bulk_rule'));
    expect(Number(all[0]!.n)).toBe(1_500);
  });
});
