// The bench database: refusing to write over real data, --reset, and the bench's users.
import { hashPassword } from 'better-auth/crypto';
import { and, asc, eq, getTableName, inArray, isNull, like } from 'drizzle-orm';
import type { MySqlTable } from 'drizzle-orm/mysql-core';
import type mysql from 'mysql2/promise';
import { randomUUID } from 'node:crypto';
import {
  accounts,
  activities,
  auditLog,
  cases,
  contacts,
  forecastSnapshotOpportunities,
  forecastSnapshots,
  hygieneDealHealth,
  leads,
  lineItems,
  milestones,
  opportunities,
  opportunityStageHistory,
  precomputedAggregates,
  products,
  projects,
  ruleResults,
  authAccounts,
  users,
  winLossAnalysis,
} from '../../../../drizzle/schema';
import type { Role } from '../../../../shared/enums';
import type { Db } from '../../../db';
import type { BenchOwner } from './rows';

/** Tables that hold an organisation's records: any row in them means the database is in use. */
const businessTables: MySqlTable[] = [accounts, contacts, leads, opportunities, activities, projects, cases, products];

/** What --reset empties: the records and everything derived from them (users, settings and jobs stay). */
const resetTables: MySqlTable[] = [
  activities,
  lineItems,
  opportunityStageHistory,
  forecastSnapshotOpportunities,
  forecastSnapshots,
  winLossAnalysis,
  ruleResults,
  // Derived from the results: kept, the next first scan would find every deal's health already counted (and
  // move no deal into the buckets' at-risk half). Without its row in precomputed_aggregates readers count live
  // until that scan; the seed rebuilds the aggregates it marks (the funnel, the deal buckets).
  hygieneDealHealth,
  precomputedAggregates,
  milestones,
  projects,
  cases,
  leads,
  opportunities,
  contacts,
  accounts,
  products,
  auditLog,
];

/** Names of the business tables that have rows. */
export async function tablesWithData(pool: mysql.Pool): Promise<string[]> {
  const found: string[] = [];
  for (const table of businessTables) {
    const [rows] = await pool.query(`SELECT 1 FROM \`${getTableName(table)}\` LIMIT 1`);
    if ((rows as unknown[]).length > 0) found.push(getTableName(table));
  }
  return found;
}

/** Empties the business tables (TRUNCATE also restarts their ids at 1). */
export async function resetBusinessTables(pool: mysql.Pool): Promise<void> {
  const connection = await pool.getConnection();
  try {
    // TRUNCATE refuses tables that foreign keys point at unless the checks are off: only for these statements.
    await connection.query('SET SESSION foreign_key_checks = 0');
    for (const table of resetTables) await connection.query(`TRUNCATE TABLE \`${getTableName(table)}\``);
  } finally {
    await connection.query('SET SESSION foreign_key_checks = 1');
    connection.release();
  }
}

export const BENCH_EMAIL_DOMAIN = 'bench.example';
export const BENCH_PASSWORD = 'bench1234';

export interface BenchTeamSizes {
  reps: number;
  managers: number;
  csms: number;
}

export const benchEmail = (role: Role, n: number) => `${role}${String(n).padStart(2, '0')}@${BENCH_EMAIL_DOMAIN}`;

/**
 * The bench's users, created unless they exist from an earlier run (they survive --reset): one admin,
 * managers, reps and CSMs, all with BENCH_PASSWORD. Returns the reps, who own the generated records.
 */
export async function ensureBenchUsers(db: Db, sizes: BenchTeamSizes): Promise<BenchOwner[]> {
  const wanted: { email: string; name: string; role: Role }[] = [{ email: benchEmail('admin', 1), name: 'Bench Admin', role: 'admin' }];
  for (let i = 1; i <= sizes.managers; i += 1) wanted.push({ email: benchEmail('manager', i), name: `Manager ${i}`, role: 'manager' });
  for (let i = 1; i <= sizes.reps; i += 1) wanted.push({ email: benchEmail('rep', i), name: `Rep ${i}`, role: 'rep' });
  for (let i = 1; i <= sizes.csms; i += 1) wanted.push({ email: benchEmail('csm', i), name: `CSM ${i}`, role: 'csm' });

  const existing = await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, wanted.map((w) => w.email)));
  const idOf = new Map(existing.map((u) => [u.email.toLowerCase(), u.id]));
  const missing = wanted.filter((w) => !idOf.has(w.email));
  if (missing.length > 0) {
    // One hash for all: hashing is deliberately slow, and these accounts exist only for the bench.
    const password = await hashPassword(BENCH_PASSWORD);
    const rows = missing.map((w) => ({ ...w, id: randomUUID(), emailVerified: true, timeZone: 'UTC' }));
    await db.transaction(async (tx) => {
      await tx.insert(users).values(rows);
      await tx.insert(authAccounts).values(rows.map((u) => ({ id: randomUUID(), accountId: u.id, providerId: 'credential', userId: u.id, password })));
    });
    for (const r of rows) idOf.set(r.email, r.id);
  }
  await ensureBenchTeams(db);
  return wanted.filter((w) => w.role === 'rep').map((w) => ({ id: idOf.get(w.email)!, name: w.name, email: w.email }));
}

/**
 * Puts every bench rep who is in no team into a bench manager's, in equal blocks by email (50 reps, 5
 * managers: rep01..rep10 -> manager01, rep11..rep20 -> manager02, ...), so a manager's dashboards count a real
 * team (a manager's "team" is their own) and manager01's is the first reps the bench opens.
 * Run by the seed and again by the bench, for databases seeded before teams; touches only bench users.
 */
export async function ensureBenchTeams(db: Db): Promise<void> {
  const bench = (role: Role) =>
    db
      .select({ id: users.id, managerId: users.managerId })
      .from(users)
      .where(and(eq(users.role, role), eq(users.active, true), like(users.email, `%@${BENCH_EMAIL_DOMAIN}`)))
      .orderBy(asc(users.email));
  const [managers, reps] = await Promise.all([bench('manager'), bench('rep')]);
  if (managers.length === 0) return;
  const block = Math.ceil(reps.length / managers.length);
  const loose = reps.map((r, i) => ({ ...r, managerId: managers[Math.floor(i / block)]!.id, had: r.managerId })).filter((r) => r.had === null);
  for (const managerId of new Set(loose.map((r) => r.managerId))) {
    const ids = loose.filter((r) => r.managerId === managerId).map((r) => r.id);
    await db.update(users).set({ managerId }).where(and(inArray(users.id, ids), isNull(users.managerId)));
  }
}
