// One statement of a shipped migration file, to run again in a test (a backfill checked against the code it mirrors).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findMigrationsFolder } from '../../server/db';

/** The statement of `file` (in drizzle/migrations) that starts with `keyword`, its comment lines left out. */
export function migrationStatement(file: string, keyword: string): string {
  const statement = readFileSync(path.join(findMigrationsFolder(), file), 'utf8')
    .split('--> statement-breakpoint')
    .map((s) => s.replace(/^--.*$/gm, '').trim())
    .find((s) => s.startsWith(keyword));
  if (!statement) throw new Error(`${file} has no statement starting with ${keyword}`);
  return statement;
}
