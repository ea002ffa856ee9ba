// A report as CSV, the same way a list export writes it (server/reports/exports.ts): human headers, ISO dates,
// plain decimals, empty cells for nulls, formula-looking text defused; read page by page from the keyset
// cursor, so a million rows never sit in memory. Used by GET /api/reports/<id>/export.csv and scheduled runs.
import { stringify } from 'csv-stringify';
import { Readable } from 'node:stream';
import type { ReportFieldKind } from '../../shared/reportFields';
import type { DbOrTx } from '../db';
import type { ReportPlan } from '../domain/reports/compile';
import { type CellKind, csvCell } from '../domain/reports/csvCells';
import { EXPORT_PAGE_ROWS } from './exports';
import { runPlan } from './sql';

const cellKinds: Record<ReportFieldKind, CellKind> = {
  text: 'text',
  enum: 'text',
  user: 'text',
  number: 'number',
  money: 'number',
  date: 'date',
  datetime: 'datetime',
  boolean: 'boolean',
};

/** Every row of the report as CSV records; `counted` hears of each one (the run's row count). */
export async function* reportRecords(db: DbOrTx, plan: ReportPlan, readerId: string | null, counted?: () => void): AsyncGenerator<string[]> {
  const kinds = plan.columns.map((c) => cellKinds[c.kind]);
  let cursor: string | null = null;
  do {
    const page = await runPlan(db, plan, readerId, { cursor, limit: EXPORT_PAGE_ROWS });
    for (const row of page.rows) {
      counted?.();
      yield row.cells.map((cell, i) => csvCell(cell, kinds[i]!));
    }
    cursor = page.nextCursor;
  } while (cursor);
}

/** The CSV text stream (BOM first, for Excel; CRLF records) of a report. */
export function reportCsvStream(db: DbOrTx, plan: ReportPlan, readerId: string | null, counted?: () => void, options: { bom: boolean } = { bom: true }): Readable {
  const csv = stringify({ header: true, columns: plan.columns.map((c) => c.label), record_delimiter: 'windows', bom: options.bom });
  const records = Readable.from(reportRecords(db, plan, readerId, counted));
  records.on('error', (error) => csv.destroy(error));
  return records.pipe(csv);
}

/** report name + local day as a file name: "Pipeline by stage" -> pipeline-by-stage-2026-11-24.csv. */
export function reportFileName(name: string, day: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${slug || 'report'}-${day}.csv`;
}
