// ORG_DOMAINS seeds the organisation's email domains once, while the setting has never been saved.
import { organisationSettings } from '../../drizzle/schema';
import type { Db } from '../db';
import type { Env } from '../env';

export async function seedOrgDomains(db: Db, env: Env): Promise<void> {
  if (env.orgDomains.length === 0) return;
  // A row that exists (even an empty list an admin saved) is the admin's choice: left alone.
  await db
    .insert(organisationSettings)
    .values({ key: 'orgDomains', value: env.orgDomains })
    .onDuplicateKeyUpdate({ set: { key: 'orgDomains' } });
}
