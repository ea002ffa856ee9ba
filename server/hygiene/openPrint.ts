// A fingerprint of a range's open results. Each result row keeps the CRC-32 of what a scan compares (rule,
// record, severity, message, owner) in its `print` column, written with those fields by the scan (the only
// writer of them). A range's print is how many open results it has and the sum and the XOR of their
// prints, read from rule_results_record_idx alone. Where a batch's findings print the same as its stored
// open results, the scan has nothing to write there and need not read those rows at all: that is the nightly
// scan of a pipeline that did not change. Any new, reopened, changed or resolved result changes the print
// (short of two independent 32-bit coincidences at once), and the batch is then compared row by row.
import { crc32 } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { ruleResults } from '../../drizzle/schema';
import type { RuleRecordType } from '../domain/hygiene/catalogue';
import type { Finding } from '../domain/hygiene/evaluate';
import type { DbOrTx } from '../db';
import { arrayRows } from '../lib/arrayRows';
import type { IdRange } from './facts';

export interface OpenPrint {
  count: number;
  sum: number;
  xor: number;
}

/** Between the compared fields: the unit separator (migration 0040 computes the same in SQL). */
const SEPARATOR = '\u001f';

/** The print of one finding, as stored in its result's `print` column. */
export function resultPrint(f: Finding): number {
  return crc32(`${f.ruleId}${SEPARATOR}${f.recordId}${SEPARATOR}${f.severity}${SEPARATOR}${f.message}${SEPARATOR}${f.ownerId ?? ''}`);
}

/** The print of `findings` (the sum stays exact in a double up to two million results). */
export function printOf(findings: readonly Finding[]): OpenPrint {
  let sum = 0;
  let xor = 0;
  for (const f of findings) {
    const crc = resultPrint(f);
    sum += crc;
    xor = (xor ^ crc) >>> 0;
  }
  return { count: findings.length, sum, xor };
}

/** The print of the open results stored for `recordType` over `range`. */
export async function storedPrint(db: DbOrTx, recordType: RuleRecordType, range: IdRange): Promise<OpenPrint> {
  const r = ruleResults;
  const upTo = range.upTo === null ? sql`` : sql` and ${r.recordId} <= ${range.upTo}`;
  const [row] = await arrayRows(
    db,
    sql`select count(*), coalesce(sum(${r.print}), 0), coalesce(bit_xor(${r.print}), 0) from ${r}
      where ${r.recordType} = ${recordType} and ${r.recordId} > ${range.after}${upTo} and ${r.resolvedAt} is null`,
  );
  return { count: Number(row![0]), sum: Number(row![1]), xor: Number(row![2]) };
}

export const samePrint = (a: OpenPrint, b: OpenPrint) => a.count === b.count && a.sum === b.sum && a.xor === b.xor;
