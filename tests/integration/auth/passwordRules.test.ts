// users.create and users.update refuse weak passwords with a field error that says why; strong ones pass.
import { describe, expect, it } from 'vitest';
import { password } from '../../../shared/schemas/users';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
let sequence = 0;
const newUser = (pw: string, name = 'Nora Newcomer') => {
  sequence += 1;
  return { email: `nora${sequence}@example.test`, name, role: 'rep' as const, password: pw };
};

describe('password rules', () => {
  it.each(['aaaaaaaa', '12345678', 'password', 'short-pass1'])('refuses %s: shorter than 12 characters', async (weak) => {
    const admin = await makeUser(t.db, { role: 'admin' });
    const error = await clientError(callerFor(t, admin).users.create(newUser(weak)));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fieldErrors?.password).toEqual(['Use at least 12 characters']);
  });

  it.each([
    ['password1234', /commonly used password/],
    ['123456789012', /commonly used password/],
    ['aaaaaaaaaaaa', /Repeated characters/],
    ['passwordpassword', /Repeated character patterns/],
    ['qwertyuiopasdf', /commonly used password|keyboard|easy to guess/i],
    ['Password123!', /commonly used password/],
  ])('refuses %s as easy to guess, and says why', async (weak, why) => {
    const admin = await makeUser(t.db, { role: 'admin' });
    const error = await clientError(callerFor(t, admin).users.create(newUser(weak)));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fieldErrors?.password).toHaveLength(1);
    expect(error.fieldErrors?.password?.[0]).toMatch(why);
  });

  it('refuses a password made of the user’s own email', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    const input = newUser('');
    const error = await clientError(callerFor(t, admin).users.create({ ...input, password: `${input.email}!` }));
    expect(error.fieldErrors?.password?.[0]).toMatch(/personal/);
  });

  it('takes a long, uncommon password', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    const created = await callerFor(t, admin).users.create(newUser('plum-orbit-satchel-42'));
    expect(created).toMatchObject({ role: 'rep', active: true });
  });

  it('applies the same rules when an admin sets a new password', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    const rep = await makeUser(t.db);
    const weak = await clientError(callerFor(t, admin).users.update({ id: rep.id, password: 'letmein12345' }));
    expect(weak.code).toBe('BAD_REQUEST');
    expect(weak.fieldErrors?.password?.[0]).toMatch(/commonly used|easy to guess/);
    const short = await clientError(callerFor(t, admin).users.update({ id: rep.id, password: 'letmein' }));
    expect(short.fieldErrors?.password).toEqual(['Use at least 12 characters']);
    await expect(callerFor(t, admin).users.update({ id: rep.id, password: 'quiet-harbour-lantern-7' })).resolves.toMatchObject({ id: rep.id });
  });

  it('lets the form show the length rule before the request is sent (shared schema)', () => {
    const result = password.safeParse('demo1234');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('Use at least 12 characters');
  });
});
