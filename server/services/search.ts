// Global search (the command palette): accounts, contacts, leads, opportunities, projects and cases by name,
// email, domain, phone and case number, as the user types. One UNION ALL statement of prefix look-ups, each
// an ordered range of one index that stops after `limit` rows (no scan, whatever the table size); the
// ranking is server/domain/search.ts. Everyone signed in may read every record (README, Security), so the
// scope is every live record: soft-deleted accounts, deals and projects are never found.
// An empty query answers the user's recently viewed records instead.
import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import { accounts, cases, contacts, leads, opportunities, projects, recentViews, users } from '../../drizzle/schema';
import type { RelatedToType } from '../../shared/enums';
import type { SearchGlobal, SearchHit } from '../../shared/schemas/search';
import type { DbOrTx } from '../db';
import { compareCandidates, likePrefix, type MatchedOn, searchTerms } from '../domain/search';
import type { Actor } from '../lib/actor';

interface Row {
  type: RelatedToType;
  id: number | string;
  title: string;
  subtitle: string | null;
  account_name: string | null;
  owner_id: string;
  owner_name: string | null;
  matched: MatchedOn;
  converted: number | string;
  last_activity_at: Date | string | null;
}

const ownerJoin = (ownerId: SQL | unknown) => sql`LEFT JOIN ${users} ON ${users.id} = ${ownerId}`;

/** The SELECT list and FROM of each record type, the same for every branch of that type. */
const shapes: Record<RelatedToType, { select: SQL; from: SQL }> = {
  account: {
    select: sql`'account' AS type, ${accounts.id} AS id, ${accounts.accountName} AS title, ${accounts.domain} AS subtitle,
      NULL AS account_name, ${accounts.ownerId} AS owner_id, ${users.name} AS owner_name, 0 AS converted,
      ${accounts.lastActivityAt} AS last_activity_at`,
    from: sql`${accounts} ${ownerJoin(accounts.ownerId)}`,
  },
  contact: {
    select: sql`'contact' AS type, ${contacts.id} AS id, CONCAT(${contacts.firstName}, ' ', ${contacts.lastName}) AS title,
      COALESCE(${contacts.email}, ${contacts.title}) AS subtitle, ${accounts.accountName} AS account_name,
      ${contacts.ownerId} AS owner_id, ${users.name} AS owner_name, 0 AS converted, ${contacts.lastActivityAt} AS last_activity_at`,
    from: sql`${contacts} LEFT JOIN ${accounts} ON ${accounts.id} = ${contacts.accountId} ${ownerJoin(contacts.ownerId)}`,
  },
  lead: {
    select: sql`'lead' AS type, ${leads.id} AS id, CONCAT(${leads.firstName}, ' ', ${leads.lastName}) AS title,
      COALESCE(${leads.email}, ${leads.title}) AS subtitle, ${leads.company} AS account_name,
      ${leads.ownerId} AS owner_id, ${users.name} AS owner_name, ${leads.status} = 'Converted' AS converted,
      ${leads.lastActivityAt} AS last_activity_at`,
    from: sql`${leads} ${ownerJoin(leads.ownerId)}`,
  },
  opportunity: {
    select: sql`'opportunity' AS type, ${opportunities.id} AS id, ${opportunities.opportunityName} AS title,
      ${opportunities.stage} AS subtitle, ${accounts.accountName} AS account_name, ${opportunities.ownerId} AS owner_id,
      ${users.name} AS owner_name, 0 AS converted, ${opportunities.lastActivityAt} AS last_activity_at`,
    from: sql`${opportunities} LEFT JOIN ${accounts} ON ${accounts.id} = ${opportunities.accountId} ${ownerJoin(opportunities.ownerId)}`,
  },
  project: {
    select: sql`'project' AS type, ${projects.id} AS id, ${projects.projectName} AS title, ${projects.status} AS subtitle,
      ${accounts.accountName} AS account_name, ${projects.ownerId} AS owner_id, ${users.name} AS owner_name, 0 AS converted,
      ${projects.lastActivityAt} AS last_activity_at`,
    from: sql`${projects} LEFT JOIN ${accounts} ON ${accounts.id} = ${projects.accountId} ${ownerJoin(projects.ownerId)}`,
  },
  case: {
    select: sql`'case' AS type, ${cases.id} AS id, CONCAT(${cases.caseNumber}, ': ', ${cases.subject}) AS title,
      ${cases.status} AS subtitle, ${accounts.accountName} AS account_name, ${cases.ownerId} AS owner_id,
      ${users.name} AS owner_name, 0 AS converted, ${cases.lastActivityAt} AS last_activity_at`,
    from: sql`${cases} LEFT JOIN ${accounts} ON ${accounts.id} = ${cases.accountId} ${ownerJoin(cases.ownerId)}`,
  },
};

/** Soft-deleted records are never found. */
const live: Partial<Record<RelatedToType, SQL>> = {
  account: sql`${accounts.deletedAt} IS NULL`,
  opportunity: sql`${opportunities.deletedAt} IS NULL`,
  project: sql`${projects.deletedAt} IS NULL`,
};

/**
 * One prefix look-up: `where` is a LIKE on an indexed column and `order` that index's columns, so the
 * engine reads the index range in order and stops at the limit.
 */
function branch(type: RelatedToType, matched: MatchedOn, where: SQL, order: SQL, limit: number): SQL {
  const conditions = live[type] ? sql`${where} AND ${live[type]}` : where;
  return sql`(SELECT ${shapes[type].select}, ${matched} AS matched FROM ${shapes[type].from} WHERE ${conditions} ORDER BY ${order} LIMIT ${limit})`;
}

/** The branches for what was typed: every one served by its own index (checked with EXPLAIN in the tests). */
export function searchBranches(q: string, limit: number): SQL[] {
  const terms = searchTerms(q);
  const whole = likePrefix(terms.text);
  const out: SQL[] = [
    branch('account', 'name', sql`${accounts.accountName} LIKE ${whole}`, sql`${accounts.accountName}, ${accounts.id}`, limit),
    branch('opportunity', 'name', sql`${opportunities.opportunityName} LIKE ${whole}`, sql`${opportunities.opportunityName}, ${opportunities.id}`, limit),
    branch('project', 'name', sql`${projects.projectName} LIKE ${whole}`, sql`${projects.projectName}, ${projects.id}`, limit),
    branch('lead', 'other', sql`${leads.company} LIKE ${whole}`, sql`${leads.company}, ${leads.id}`, limit),
  ];
  for (const [person, table] of [
    ['contact', contacts],
    ['lead', leads],
  ] as const) {
    const [first, ...rest] = terms.words;
    if (!first) continue;
    if (rest.length === 0) {
      out.push(
        branch(person, 'person', sql`${table.lastName} LIKE ${likePrefix(first)}`, sql`${table.lastName}, ${table.id}`, limit),
        branch(person, 'person', sql`${table.firstName} LIKE ${likePrefix(first)}`, sql`${table.firstName}, ${table.id}`, limit),
      );
    } else {
      // "Liam Abbott": first name then last name, or "Abbott Liam" the other way round.
      const others = likePrefix(rest.join(' '));
      out.push(
        branch(person, 'person', sql`${table.firstName} LIKE ${likePrefix(first)} AND ${table.lastName} LIKE ${others}`, sql`${table.firstName}, ${table.id}`, limit),
        branch(person, 'person', sql`${table.lastName} LIKE ${likePrefix(first)} AND ${table.firstName} LIKE ${others}`, sql`${table.lastName}, ${table.id}`, limit),
      );
    }
    if (terms.words.length === 1) {
      out.push(branch(person, 'other', sql`${table.email} LIKE ${likePrefix(terms.text.toLowerCase())}`, sql`${table.email}`, limit));
    }
    if (terms.phone) out.push(branch(person, 'other', sql`${table.phone} LIKE ${whole}`, sql`${table.phone}`, limit));
  }
  if (terms.domain) {
    out.push(branch('account', 'other', sql`${accounts.domain} LIKE ${likePrefix(terms.domain)}`, sql`${accounts.domain}`, limit));
  }
  if (terms.words.length === 1) {
    out.push(branch('case', 'other', sql`${cases.caseNumber} LIKE ${whole}`, sql`${cases.caseNumber}`, limit));
  }
  return out;
}

const toDate = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v : new Date(`${v.replace(' ', 'T')}Z`));

function toHit(row: Row, actor: Actor): SearchHit & { matchedOn: MatchedOn; mine: boolean; converted: boolean; lastActivityAt: Date | null } {
  return {
    type: row.type,
    id: Number(row.id),
    title: String(row.title),
    subtitle: row.subtitle === null ? null : String(row.subtitle),
    accountName: row.account_name === null ? null : String(row.account_name),
    ownerName: row.owner_name ?? '',
    matchedOn: row.matched,
    mine: row.owner_id === actor.id,
    converted: Number(row.converted) === 1,
    lastActivityAt: toDate(row.last_activity_at),
  };
}

export async function globalSearch(db: DbOrTx, actor: Actor, input: SearchGlobal): Promise<{ items: SearchHit[]; recent: boolean }> {
  const terms = searchTerms(input.q ?? '');
  if (terms.text === '') return { items: await recentlyViewed(db, actor, input.limit), recent: true };
  const [rows] = await db.execute(sql.join(searchBranches(terms.text, input.limit), sql` UNION ALL `));
  const best = new Map<string, ReturnType<typeof toHit>>();
  const compare = compareCandidates(terms);
  for (const row of rows as unknown as Row[]) {
    const hit = toHit(row, actor);
    const key = `${hit.type}:${hit.id}`;
    const seen = best.get(key);
    if (!seen || compare(hit, seen) < 0) best.set(key, hit);
  }
  const items = [...best.values()]
    .sort(compare)
    .slice(0, input.limit)
    .map(({ type, id, title, subtitle, accountName, ownerName }) => ({ type, id, title, subtitle, accountName, ownerName }));
  return { items, recent: false };
}

/** How many recently viewed records are kept per user. */
export const RECENT_VIEWS_KEPT = 50;

/** Notes that the user opened a record; keeps the newest RECENT_VIEWS_KEPT per user. */
export async function recordView(db: DbOrTx, actor: Actor, ref: { type: RelatedToType; id: number }, now: Date): Promise<void> {
  if (!actor.id) return;
  await db
    .insert(recentViews)
    .values({ userId: actor.id, entityType: ref.type, entityId: ref.id, viewedAt: now })
    .onDuplicateKeyUpdate({ set: { viewedAt: now } });
  const keep = await db
    .select({ viewedAt: recentViews.viewedAt })
    .from(recentViews)
    .where(eq(recentViews.userId, actor.id))
    .orderBy(desc(recentViews.viewedAt))
    .limit(1)
    .offset(RECENT_VIEWS_KEPT - 1);
  const oldestKept = keep[0];
  if (oldestKept) {
    await db
      .delete(recentViews)
      .where(and(eq(recentViews.userId, actor.id), lt(recentViews.viewedAt, oldestKept.viewedAt)));
  }
}

/** The user's recently opened records, newest first, as search hits; deleted ones are left out. */
export async function recentlyViewed(db: DbOrTx, actor: Actor, limit: number): Promise<SearchHit[]> {
  if (!actor.id) return [];
  const views = await db
    .select({ type: recentViews.entityType, id: recentViews.entityId })
    .from(recentViews)
    .where(eq(recentViews.userId, actor.id))
    .orderBy(desc(recentViews.viewedAt))
    .limit(limit);
  if (views.length === 0) return [];
  const byType = new Map<RelatedToType, number[]>();
  for (const v of views) byType.set(v.type, [...(byType.get(v.type) ?? []), v.id]);
  const idColumn = { account: accounts.id, contact: contacts.id, lead: leads.id, opportunity: opportunities.id, project: projects.id, case: cases.id };
  const selects = [...byType].map(([type, ids]) => {
    const where = sql`${idColumn[type]} IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`;
    return sql`(SELECT ${shapes[type].select}, 'name' AS matched FROM ${shapes[type].from} WHERE ${live[type] ? sql`${where} AND ${live[type]}` : where})`;
  });
  const [rows] = await db.execute(sql.join(selects, sql` UNION ALL `));
  const found = new Map((rows as unknown as Row[]).map((r) => [`${r.type}:${Number(r.id)}`, toHit(r, actor)]));
  return views.flatMap((v) => {
    const hit = found.get(`${v.type}:${v.id}`);
    return hit ? [{ type: hit.type, id: hit.id, title: hit.title, subtitle: hit.subtitle, accountName: hit.accountName, ownerName: hit.ownerName }] : [];
  });
}
