import { eq } from 'drizzle-orm';
import { users } from '../../../drizzle/schema';
import type { Role } from '../../../shared/enums';
import { insertUserWithPassword } from '../../../server/services/users';
import type { DbOrTx } from '../../../server/db';
import type { SessionUser } from '../../../server/lib/actor';

let sequence = 0;
export const TEST_PASSWORD = 'correct-horse-battery';

export async function makeUser(db: DbOrTx, overrides: { role?: Role; email?: string; name?: string; managerId?: string } = {}): Promise<SessionUser> {
  sequence += 1;
  const role = overrides.role ?? 'rep';
  const email = overrides.email ?? `${role}${sequence}-${Date.now()}@example.test`;
  const name = overrides.name ?? `${role[0]!.toUpperCase()}${role.slice(1)} ${sequence}`;
  const id = await insertUserWithPassword(db, { email, name, role, password: TEST_PASSWORD, timeZone: 'UTC' });
  if (overrides.managerId) await db.update(users).set({ managerId: overrides.managerId }).where(eq(users.id, id));
  return { id, email, name, role, active: true, timeZone: 'UTC' };
}
