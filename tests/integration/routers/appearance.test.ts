import { describe, expect, it } from 'vitest';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();

describe('auth.setTheme', () => {
  it("follows the system until chosen, then keeps each user's own choice", async () => {
    const rep = await makeUser(t.db, { role: 'rep' });
    const other = await makeUser(t.db, { role: 'manager' });
    expect((await callerFor(t, rep).auth.me())?.theme).toBe('system');

    expect(await callerFor(t, rep).auth.setTheme({ theme: 'dark' })).toEqual({ theme: 'dark' });
    expect((await callerFor(t, rep).auth.me())?.theme).toBe('dark');
    expect((await callerFor(t, other).auth.me())?.theme).toBe('system');

    await callerFor(t, rep).auth.setTheme({ theme: 'light' });
    expect((await callerFor(t, rep).auth.me())?.theme).toBe('light');
  });

  it('refuses an unknown theme with a field error, and a signed-out caller', async () => {
    const rep = await makeUser(t.db, { role: 'rep' });
    const refused = await clientError(callerFor(t, rep).auth.setTheme({ theme: 'sepia' as 'dark' }));
    expect(refused).toMatchObject({ code: 'BAD_REQUEST', fieldErrors: { theme: ['Choose light, dark or system'] } });
    expect((await clientError(callerFor(t, null).auth.setTheme({ theme: 'dark' }))).code).toBe('UNAUTHORIZED');
    expect(await callerFor(t, null).auth.me()).toBeNull();
  });
});
