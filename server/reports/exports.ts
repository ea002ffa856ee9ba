// GET /api/exports/<entity>.csv?<the list's filters>: every row of a list view, with the filters and sort the
// screen shows, streamed page by page from a keyset cursor (a million rows without growing memory; the
// response's backpressure paces the reads). UTF-8 with a BOM for Excel, human-readable headers, ISO dates,
// plain decimals, empty cells for nulls, formula-looking text defused (server/domain/reports/csvCells.ts).
// X-Export-Schema-Version names the layout of the columns; `?title=1` adds a first line naming the export.
import type { RequestHandler } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { z } from 'zod';
import { accountList } from '../../shared/schemas/accounts';
import { contactList } from '../../shared/schemas/contacts';
import { leadList } from '../../shared/schemas/leads';
import { opportunityList } from '../../shared/schemas/opportunities';
import type { Db } from '../db';
import { type CellKind, csvCell, filtersFromQuery } from '../domain/reports/csvCells';
import { type Actor, userActor } from '../lib/actor';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/log';
import { listAccounts } from '../services/accounts';
import { listContacts } from '../services/contacts';
import { listLeads } from '../services/leads';
import { listOpportunities } from '../services/opportunities';
import type { SessionReader } from '../session';

/** Bumped whenever an export's columns change, so a script reading the files can tell. */
export const EXPORT_SCHEMA_VERSION = '1';
/** Rows read per query: one index walk each, resumed from the last row's sort key and id. */
export const EXPORT_PAGE_ROWS = 5000;

type Row = Record<string, unknown>;
interface ExportColumn {
  header: string;
  key: string;
  kind: CellKind;
}
interface ExportDefinition {
  title: string;
  schema: z.ZodType;
  numbers?: readonly string[];
  booleans?: readonly string[];
  list: (db: Db, actor: Actor, input: never) => Promise<{ items: Row[]; nextCursor: string | null }>;
  columns: ExportColumn[];
}

const col = (header: string, key: string, kind: CellKind = 'text'): ExportColumn => ({ header, key, kind });

export const exportDefinitions: Record<string, ExportDefinition> = {
  accounts: {
    title: 'Accounts',
    schema: accountList,
    numbers: ['parentAccountId'],
    list: listAccounts as ExportDefinition['list'],
    columns: [
      col('Account ID', 'id', 'number'),
      col('Account name', 'accountName'),
      col('Domain', 'domain'),
      col('Website', 'website'),
      col('Industry', 'industry'),
      col('Region', 'region'),
      col('Vertical', 'vertical'),
      col('Security posture', 'securityPosture'),
      col('Parent account ID', 'parentAccountId', 'number'),
      col('Owner', 'ownerName'),
      col('Last activity', 'lastActivityAt', 'datetime'),
      col('Created', 'createdAt', 'datetime'),
      col('Updated', 'updatedAt', 'datetime'),
    ],
  },
  contacts: {
    title: 'Contacts',
    schema: contactList,
    numbers: ['accountId'],
    list: listContacts as ExportDefinition['list'],
    columns: [
      col('Contact ID', 'id', 'number'),
      col('First name', 'firstName'),
      col('Last name', 'lastName'),
      col('Email', 'email'),
      col('Phone', 'phone'),
      col('Title', 'title'),
      col('Buying role', 'role'),
      col('Account ID', 'accountId', 'number'),
      col('Account', 'accountName'),
      col('Owner', 'ownerName'),
      col('Last activity', 'lastActivityAt', 'datetime'),
      col('Created', 'createdAt', 'datetime'),
      col('Updated', 'updatedAt', 'datetime'),
    ],
  },
  leads: {
    title: 'Leads',
    schema: leadList,
    list: listLeads as ExportDefinition['list'],
    columns: [
      col('Lead ID', 'id', 'number'),
      col('First name', 'firstName'),
      col('Last name', 'lastName'),
      col('Email', 'email'),
      col('Phone', 'phone'),
      col('Company', 'company'),
      col('Title', 'title'),
      col('Industry', 'industry'),
      col('Employees', 'employees', 'number'),
      col('Region', 'region'),
      col('Lead source', 'leadSource'),
      col('Score', 'score', 'number'),
      col('Status', 'status'),
      col('Owner', 'ownerName'),
      col('Converted', 'convertedAt', 'datetime'),
      col('Created', 'createdAt', 'datetime'),
    ],
  },
  opportunities: {
    title: 'Opportunities',
    schema: opportunityList,
    numbers: ['accountId'],
    booleans: ['open'],
    list: listOpportunities as ExportDefinition['list'],
    columns: [
      col('Opportunity ID', 'id', 'number'),
      col('Opportunity name', 'opportunityName'),
      col('Account ID', 'accountId', 'number'),
      col('Account', 'accountName'),
      col('Stage', 'stage'),
      col('Amount', 'amount', 'number'),
      col('Close date', 'closeDate', 'date'),
      col('Probability (%)', 'probability', 'number'),
      col('Forecast category', 'forecastCategory'),
      col('Next step', 'nextStep'),
      col('Next step date', 'nextStepDate', 'date'),
      col('Times pushed', 'pushCount', 'number'),
      col('Owner', 'ownerName'),
      col('Created', 'createdAt', 'datetime'),
      col('Updated', 'updatedAt', 'datetime'),
    ],
  },
};

/** Every row the list would show, page after page, as CSV records. */
export async function* exportRecords(db: Db, actor: Actor, definition: ExportDefinition, input: Record<string, unknown>): AsyncGenerator<string[]> {
  let cursor: string | null = null;
  do {
    const page = await definition.list(db, actor, { ...input, cursor, limit: EXPORT_PAGE_ROWS } as never);
    for (const row of page.items) yield definition.columns.map((c) => csvCell(row[c.key], c.kind));
    cursor = page.nextCursor;
  } while (cursor);
}

/** A cell as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break (quotes doubled). */
const quoted = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

/**
 * The export as CSV text: the header line, then one string per page of rows (CRLF line ends). A page is
 * written as one chunk, so a million rows cost a few hundred writes, not a million stream events.
 */
export async function* exportCsv(db: Db, actor: Actor, definition: ExportDefinition, input: Record<string, unknown>): AsyncGenerator<string> {
  const { columns } = definition;
  yield `${columns.map((c) => quoted(c.header)).join(',')}\r\n`;
  let cursor: string | null = null;
  do {
    const page = await definition.list(db, actor, { ...input, cursor, limit: EXPORT_PAGE_ROWS } as never);
    let text = '';
    for (const row of page.items) {
      let line = '';
      for (let i = 0; i < columns.length; i++) {
        const column = columns[i]!;
        line += (i === 0 ? '' : ',') + quoted(csvCell(row[column.key], column.kind));
      }
      text += `${line}\r\n`;
    }
    if (text) yield text;
    cursor = page.nextCursor;
  } while (cursor);
}

export function exportHandler(deps: { db: Db; clock: Clock; log: Logger; readSession: SessionReader }): RequestHandler {
  return async (req, res, next) => {
    try {
      const user = await deps.readSession(req.headers);
      if (!user) return void res.status(401).json({ message: 'Sign in to export.' });
      const entity = String(req.params.entity ?? '');
      const definition = Object.hasOwn(exportDefinitions, entity) ? exportDefinitions[entity]! : null;
      if (!definition) {
        return void res.status(404).json({ message: `There is no export of "${entity}". Exports: ${Object.keys(exportDefinitions).join(', ')}.` });
      }
      const parsed = definition.schema.safeParse(filtersFromQuery(req.query as Record<string, unknown>, definition));
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return void res.status(400).json({ message: `${issue.path.join('.') || 'filters'}: ${issue.message}` });
      }
      const day = deps.clock.now().toISOString().slice(0, 10);
      const fileName = `${entity}-${day}.csv`;
      res.status(200).set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${fileName}"`,
        'Cache-Control': 'no-store',
        'X-Export-Schema-Version': EXPORT_SCHEMA_VERSION,
      });
      res.write('\ufeff');
      if (req.query.title === '1') res.write(`${definition.title} export ${day} (${fileName})\r\n`);
      await pipeline(Readable.from(exportCsv(deps.db, userActor(user), definition, parsed.data as Record<string, unknown>)), res);
    } catch (error) {
      if (res.headersSent) {
        deps.log.error('export failed mid-stream', { requestId: res.locals.requestId, error });
        res.destroy();
        return;
      }
      next(error);
    }
  };
}
