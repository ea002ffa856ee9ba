// The bench's teams: bench reps in no team go to the bench managers in equal blocks by email, so the
// manager the bench signs in as has a real team; reps already in a team and everyone else stay put.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../../drizzle/schema';
import { benchEmail, ensureBenchTeams } from '../../../server/scripts/lib/bench/database';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();

describe('ensureBenchTeams', () => {
  it('puts the bench reps in no team into the bench managers’ teams in blocks, and leaves the rest alone', async () => {
    const m1 = await makeUser(t.db, { role: 'manager', email: benchEmail('manager', 1) });
    const m2 = await makeUser(t.db, { role: 'manager', email: benchEmail('manager', 2) });
    const outsider = await makeUser(t.db, { role: 'manager', email: 'real.manager@example.test' });
    const reps = [];
    for (let i = 1; i <= 5; i += 1) reps.push(await makeUser(t.db, { role: 'rep', email: benchEmail('rep', i), managerId: i === 5 ? outsider.id : undefined }));
    const realRep = await makeUser(t.db, { role: 'rep', email: 'real.rep@example.test' });

    await ensureBenchTeams(t.db);
    await ensureBenchTeams(t.db);
    const managerOf = async (id: string) => (await t.db.select({ managerId: users.managerId }).from(users).where(eq(users.id, id)))[0]?.managerId;
    // Blocks of ceil(5 / 2) = 3: rep01..rep03 -> manager01, rep04 -> manager02; rep05 keeps its manager.
    expect(await Promise.all(reps.map((r) => managerOf(r.id)))).toEqual([m1.id, m1.id, m1.id, m2.id, outsider.id]);
    expect(await managerOf(realRep.id)).toBeNull();
  });
});
