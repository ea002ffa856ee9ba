// The prints a full scan compares to skip batches that did not change (server/hygiene/openPrint.ts): the stored
// print of a range follows every write of the scan, the migration's backfill computes the same print as the
// scan does, and rows whose print is stale are compared row by row and refreshed rather than trusted.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ruleResults } from '../../../drizzle/schema';
import type { Finding } from '../../../server/domain/hygiene/evaluate';
import { printOf, resultPrint, samePrint, storedPrint } from '../../../server/hygiene/openPrint';
import { storeBatch } from '../../../server/hygiene/scan';
import { migrationStatement } from '../../helpers/migrationStatement';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const at = new Date('2026-03-02T10:11:12.345Z');
const seen = { lastFullScanAt: null, stampUnchanged: false };
const range = { after: 0, upTo: 1_000 };

const finding = (recordId: number, message: string, extra: Partial<Finding> = {}): Finding => ({
  ruleId: 'print_rule',
  recordType: 'project',
  recordId,
  ownerId: 'owner-p',
  severity: 'warning',
  message,
  details: {},
  ...extra,
});
const findings = [finding(10, 'Plain'), finding(11, 'naïve ✓ 🚀 — “quoted”'), finding(12, 'Tab\tand\nnewline'), finding(13, 'Other owner', { ownerId: 'owner-q' })];
const store = (list: Finding[], when: Date) => t.db.transaction((tx) => storeBatch(tx, 'project', range, list, when, seen));

describe('open result prints', () => {
  it('the stored print of a range equals the print of the findings stored there, through inserts, updates and resolves', async () => {
    expect((await storedPrint(t.db, 'project', range)).count).toBe(0);
    await store(findings, at);
    expect(await storedPrint(t.db, 'project', range)).toEqual(printOf(findings));

    const changed = [findings[0]!, { ...findings[1]!, message: 'A new message' }, findings[2]!];
    const report = await store(changed, new Date(at.getTime() + 1_000));
    expect(report).toMatchObject({ updated: 1, resolved: 1, unchanged: 2 });
    const now = await storedPrint(t.db, 'project', range);
    expect(now).toEqual(printOf(changed));
    expect(samePrint(now, printOf(findings))).toBe(false);
    // Another record type's results over the same ids are not part of this range's print.
    expect((await storedPrint(t.db, 'case', range)).count).toBe(0);
  });

  it("migration 0040's backfill computes the print the scan writes, and a stale print is refreshed, not trusted", async () => {
    const update = migrationStatement('0040_hygiene_scan_prints.sql', 'UPDATE');
    await t.db.update(ruleResults).set({ print: 0 }).where(eq(ruleResults.ruleId, 'print_rule'));
    await t.db.execute(sql.raw(update));
    const rows = await t.db.select().from(ruleResults).where(eq(ruleResults.ruleId, 'print_rule'));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.print).toBe(resultPrint({ ruleId: r.ruleId, recordType: 'project', recordId: r.recordId, ownerId: r.ownerId!, severity: r.severity, message: r.message, details: {} }));
    }

    // A row whose print does not match its fields (one written before prints were kept) counts as changed once.
    await t.db.update(ruleResults).set({ print: 0 }).where(eq(ruleResults.recordId, 10));
    const current = [findings[0]!, { ...findings[1]!, message: 'A new message' }, findings[2]!];
    expect(samePrint(await storedPrint(t.db, 'project', range), printOf(current))).toBe(false);
    expect(await store(current, new Date(at.getTime() + 2_000))).toMatchObject({ updated: 1, unchanged: 2 });
    expect(await storedPrint(t.db, 'project', range)).toEqual(printOf(current));
  });
});
