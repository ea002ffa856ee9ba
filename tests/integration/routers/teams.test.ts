// Teams: who reports to which manager (teams.list, teams.setManager). Admins move anyone; a manager takes reps
// who are in no team and lets their own go, never another manager's; every change is audited.
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../../drizzle/schema';
import type { SessionUser } from '../../../server/lib/actor';
import { teamRepIds } from '../../../server/services/teams';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
let admin: SessionUser;
let dana: SessionUser;
let sam: SessionUser;
let priya: SessionUser;
let elena: SessionUser;
let newRep: SessionUser;

const as = (user: SessionUser) => callerFor(t, user);
const teamOf = async (managerId: string) => (await as(admin).teams.list()).reps.filter((r) => r.managerId === managerId).map((r) => r.name);

beforeAll(async () => {
  admin = await makeUser(t.db, { role: 'admin', name: 'Ada Admin' });
  dana = await makeUser(t.db, { role: 'manager', name: 'Dana Manager' });
  sam = await makeUser(t.db, { role: 'manager', name: 'Sam Manager' });
  priya = await makeUser(t.db, { role: 'rep', name: 'Priya Rep', managerId: dana.id });
  elena = await makeUser(t.db, { role: 'rep', name: 'Elena Rep', managerId: sam.id });
  newRep = await makeUser(t.db, { role: 'rep', name: 'Nia New' });
});

describe('teams', () => {
  it('list every manager and rep, and are for managers and admins only', async () => {
    const teams = await as(dana).teams.list();
    expect(teams.managers.map((m) => m.name)).toEqual(['Dana Manager', 'Sam Manager']);
    expect(teams.reps.map((r) => [r.name, r.managerId])).toEqual([
      ['Elena Rep', sam.id],
      ['Nia New', null],
      ['Priya Rep', dana.id],
    ]);
    expect((await clientError(as(priya).teams.list())).code).toBe('FORBIDDEN');
    expect((await clientError(as(priya).teams.setManager({ repId: newRep.id, managerId: dana.id }))).code).toBe('FORBIDDEN');
  });

  it("let a manager take a rep in no team and let their own go, but not move another manager's rep", async () => {
    await as(dana).teams.setManager({ repId: newRep.id, managerId: dana.id });
    expect(await teamOf(dana.id)).toEqual(['Nia New', 'Priya Rep']);
    expect((await clientError(as(dana).teams.setManager({ repId: elena.id, managerId: dana.id }))).message).toBe(
      'Elena Rep is in another manager’s team: an admin can move them',
    );
    expect((await clientError(as(dana).teams.setManager({ repId: elena.id, managerId: null }))).code).toBe('FORBIDDEN');
    expect((await clientError(as(dana).teams.setManager({ repId: newRep.id, managerId: sam.id }))).message).toBe('Managers add reps to their own team only');
    await as(dana).teams.setManager({ repId: newRep.id, managerId: null });
    expect(await teamOf(dana.id)).toEqual(['Priya Rep']);
  });

  it('let an admin move anyone, to an active manager only, and audit each change', async () => {
    await as(admin).teams.setManager({ repId: elena.id, managerId: dana.id });
    expect(await teamRepIds(t.db, dana)).toEqual([elena.id, priya.id]);
    expect(await teamRepIds(t.db, sam)).toEqual([]);
    // An admin's digest counts every active rep.
    expect((await teamRepIds(t.db, admin)).sort()).toEqual([elena.id, newRep.id, priya.id].sort());
    expect((await clientError(as(admin).teams.setManager({ repId: elena.id, managerId: priya.id }))).fieldErrors).toEqual({ managerId: ['Choose an active manager'] });
    expect((await clientError(as(admin).teams.setManager({ repId: dana.id, managerId: sam.id }))).fieldErrors).toEqual({ repId: ['Only reps are in a team'] });
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'user'), eq(auditLog.entityId, elena.id)));
    expect(audits.map((a) => [a.action, a.actorId, a.changes])).toEqual([['update', admin.id, { managerId: [sam.id, dana.id] }]]);
  });

  it('let a demoted manager’s reps go, so they show in no team', async () => {
    await as(admin).users.update({ id: sam.id, role: 'rep' });
    await as(admin).users.update({ id: sam.id, role: 'manager' });
    await as(admin).teams.setManager({ repId: elena.id, managerId: sam.id });
    await as(admin).users.update({ id: sam.id, role: 'csm' });
    const teams = await as(admin).teams.list();
    expect(teams.managers.map((m) => m.name)).toEqual(['Dana Manager']);
    expect(teams.reps.find((r) => r.id === elena.id)!.managerId).toBeNull();
    await as(admin).users.update({ id: sam.id, role: 'manager' });
    expect(await teamRepIds(t.db, sam)).toEqual([]);
  });
});
