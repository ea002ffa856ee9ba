// A report as CSV, the same way a list export writes it (server/reports/exports.ts): human headers, ISO dates,
// plain decimals, empty cells for nulls, formula-looking text defused; read page by page from the keyset
// cursor, so a million rows never sit in memory. Used by GET /api/reports/<id>/export.csv and scheduled runs.
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

/** A cell as RFC 4180 writes it (as csv-stringify did here): quoted when it holds a comma, a quote or a line break. */
const quoted = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

/**
 * The CSV text of a report: BOM, header line, then one string per page of rows (CRLF records). A page is one
 * chunk, as the list exports write it, so a million rows cost a few hundred stream writes, not a million.
 */
async function* reportCsvText(db: DbOrTx, plan: ReportPlan, readerId: string | null, counted: (() => void) | undefined, bom: boolean): AsyncGenerator<string> {
  const kinds = plan.columns.map((c) => cellKinds[c.kind]);
  yield `${bom ? '\ufeff' : ''}${plan.columns.map((c) => quoted(c.label)).join(',')}\r\n`;
  let cursor: string | null = null;
  do {
    const page = await runPlan(db, plan, readerId, { cursor, limit: EXPORT_PAGE_ROWS });
    let text = '';
    for (const row of page.rows) {
      counted?.();
      let line = '';
      for (let i = 0; i < row.cells.length; i++) line += (i === 0 ? '' : ',') + quoted(csvCell(row.cells[i], kinds[i]!));
      text += `${line}\r\n`;
    }
    if (text) yield text;
    cursor = page.nextCursor;
  } while (cursor);
}

/** The CSV text stream (BOM first, for Excel; CRLF records) of a report. */
export function reportCsvStream(db: DbOrTx, plan: ReportPlan, readerId: string | null, counted?: () => void, options: { bom: boolean } = { bom: true }): Readable {
  return Readable.from(reportCsvText(db, plan, readerId, counted, options.bom));
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
