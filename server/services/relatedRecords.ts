// The records an activity can be on: finding one (and its account), naming a page of them, touching lastActivityAt.
import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { type AnyMySqlColumn, type MySqlTable, unionAll } from 'drizzle-orm/mysql-core';
import { accounts, cases, contacts, leads, opportunities, projects } from '../../drizzle/schema';
import type { RelatedToType } from '../../shared/enums';
import type { DbOrTx } from '../db';
import type { RecordRef } from '../domain/customerActivity';

interface RelatedSource {
  table: MySqlTable;
  id: AnyMySqlColumn;
  /** What a person calls the record on a timeline. */
  name: SQL<string>;
  /** The account the record belongs to (null: a lead, or a contact without an account). */
  accountId: SQL<number | null>;
  /** Soft-deleted records are gone for activities too. */
  deletedAt?: AnyMySqlColumn;
  lastActivityAt: AnyMySqlColumn;
}

const sources: Record<RelatedToType, RelatedSource> = {
  account: {
    table: accounts,
    id: accounts.id,
    name: sql<string>`${accounts.accountName}`,
    accountId: sql<number>`${accounts.id}`,
    deletedAt: accounts.deletedAt,
    lastActivityAt: accounts.lastActivityAt,
  },
  contact: {
    table: contacts,
    id: contacts.id,
    name: sql<string>`CONCAT(${contacts.firstName}, ' ', ${contacts.lastName})`,
    accountId: sql<number | null>`${contacts.accountId}`,
    lastActivityAt: contacts.lastActivityAt,
  },
  lead: {
    table: leads,
    id: leads.id,
    name: sql<string>`CONCAT(${leads.firstName}, ' ', ${leads.lastName}, ' (', ${leads.company}, ')')`,
    accountId: sql<null>`NULL`,
    lastActivityAt: leads.lastActivityAt,
  },
  opportunity: {
    table: opportunities,
    id: opportunities.id,
    name: sql<string>`${opportunities.opportunityName}`,
    accountId: sql<number>`${opportunities.accountId}`,
    deletedAt: opportunities.deletedAt,
    lastActivityAt: opportunities.lastActivityAt,
  },
  project: {
    table: projects,
    id: projects.id,
    name: sql<string>`${projects.projectName}`,
    accountId: sql<number>`${projects.accountId}`,
    deletedAt: projects.deletedAt,
    lastActivityAt: projects.lastActivityAt,
  },
  case: {
    table: cases,
    id: cases.id,
    name: sql<string>`CONCAT(${cases.caseNumber}, ': ', ${cases.subject})`,
    accountId: sql<number>`${cases.accountId}`,
    lastActivityAt: cases.lastActivityAt,
  },
};

export interface RelatedRecord extends RecordRef {
  name: string;
  accountId: number | null;
}

const notDeleted = (source: RelatedSource) => (source.deletedAt ? isNull(source.deletedAt) : undefined);

/** The live record an activity is (to be) on, or null when it does not exist or is soft-deleted. */
export async function findRelatedRecord(db: DbOrTx, ref: RecordRef): Promise<RelatedRecord | null> {
  const source = sources[ref.type];
  const [row] = await db
    .select({ name: source.name, accountId: source.accountId })
    .from(source.table)
    .where(and(eq(source.id, ref.id), notDeleted(source)));
  if (!row) return null;
  // CONCAT and bare-column SQL come back untyped from the driver: normalise.
  return { ...ref, name: String(row.name), accountId: row.accountId === null ? null : Number(row.accountId) };
}

export const recordKey = (ref: RecordRef) => `${ref.type}:${ref.id}`;

/** Display names of a page's records in one query (a UNION ALL of one indexed IN-list per record type). */
export async function relatedRecordNames(db: DbOrTx, refs: RecordRef[]): Promise<Map<string, string>> {
  const idsByType = new Map<RelatedToType, Set<number>>();
  for (const ref of refs) {
    const ids = idsByType.get(ref.type) ?? new Set<number>();
    ids.add(ref.id);
    idsByType.set(ref.type, ids);
  }
  const selects = [...idsByType].map(([type, ids]) => {
    const source = sources[type];
    return db
      .select({ type: sql<RelatedToType>`${type}`.as('related_type'), id: source.id, name: source.name.as('name') })
      .from(source.table)
      .where(inArray(source.id, [...ids]));
  });
  const [first, second, ...rest] = selects;
  if (!first) return new Map();
  const rows = await (second ? unionAll(first, second, ...rest) : first);
  return new Map(rows.map((r) => [recordKey({ type: r.type, id: Number(r.id) }), String(r.name)]));
}

/**
 * Moves lastActivityAt forward to `at` on each record, never backwards. Bookkeeping rather than an edit:
 * updatedAt and version stay as they are, so logging a call never makes someone's open edit form stale.
 */
export async function touchLastActivity(db: DbOrTx, refs: RecordRef[], at: Date): Promise<void> {
  for (const ref of refs) {
    const source = sources[ref.type];
    await db.execute(
      sql`UPDATE ${source.table} SET ${source.lastActivityAt} = ${at}
          WHERE ${source.id} = ${ref.id} AND (${source.lastActivityAt} IS NULL OR ${source.lastActivityAt} < ${at})`,
    );
  }
}
