import { describe, expect, it } from 'vitest';
import { EnvError, loadEnv } from '../../../server/env';

const key = Buffer.alloc(32, 7).toString('base64');

describe('loadEnv', () => {
  it('runs a demo with defaults when nothing is set', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      databaseUrl: 'mysql://root@127.0.0.1:3306/trucrm',
      port: 3000,
      publicUrl: 'http://localhost:3000',
      usingDemoKey: true,
      demoData: true,
      admin: null,
    });
    expect(env.encryptionKey).toHaveLength(32);
  });

  it('creates only the first admin, with a real key, when ADMIN_EMAIL is given', () => {
    const env = loadEnv({ ADMIN_EMAIL: 'Boss@Example.com', ADMIN_PASSWORD: 'plum-orbit-satchel-42', ENCRYPTION_KEY: key, PORT: '8080' });
    expect(env.admin).toEqual({ email: 'boss@example.com', password: 'plum-orbit-satchel-42', name: 'Administrator' });
    expect(env.demoData).toBe(false);
    expect(env.usingDemoKey).toBe(false);
    expect(env.publicUrl).toBe('http://localhost:8080');
  });

  it.each([
    [{ PORT: 'eighty' }, /^Configuration error: PORT /],
    [{ DATABASE_URL: 'postgres://x@y/z' }, /^Configuration error: DATABASE_URL must start with mysql:\/\//],
    [{ ENCRYPTION_KEY: 'too-short' }, /^Configuration error: ENCRYPTION_KEY must be 32 bytes/],
    [{ ADMIN_EMAIL: 'a@b.co', ADMIN_PASSWORD: 'plum-orbit-satchel-42' }, /^Configuration error: ENCRYPTION_KEY is required outside demo mode/],
    [{ ADMIN_EMAIL: 'a@b.co', ENCRYPTION_KEY: key }, /^Configuration error: ADMIN_PASSWORD is required/],
    [{ LOG_LEVEL: 'loud' }, /^Configuration error: LOG_LEVEL /],
    [{ ADMIN_EMAIL: 'a@b.co', ADMIN_PASSWORD: 'demo1234', ENCRYPTION_KEY: key }, /^Configuration error: ADMIN_PASSWORD must be at least 12 characters$/],
    [{ ADMIN_EMAIL: 'a@b.co', ADMIN_PASSWORD: 'password1234', ENCRYPTION_KEY: key }, /^Configuration error: ADMIN_PASSWORD is too easy to guess: /],
    [{ ADMIN_EMAIL: 'dana@b.co', ADMIN_PASSWORD: 'dana@b.co-2026', ENCRYPTION_KEY: key }, /^Configuration error: ADMIN_PASSWORD is too easy to guess: /],
  ])('stops start-up with one line naming the bad variable: %o', (source, message) => {
    expect(() => loadEnv(source)).toThrow(EnvError);
    try {
      loadEnv(source);
    } catch (error) {
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it.each([
    [undefined, false],
    ['false', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['10.0.0.1', ['10.0.0.1']],
    [' loopback, 10.0.0.0/8 ,fd00::/8 ', ['loopback', '10.0.0.0/8', 'fd00::/8']],
  ])('takes TRUST_PROXY=%s as %o for Express', (value, expected) => {
    expect(loadEnv({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each([
    ['true', /^Configuration error: TRUST_PROXY cannot be true: .*TRUST_PROXY=1/],
    ['TRUE', /^Configuration error: TRUST_PROXY cannot be true/],
    ['11', /^Configuration error: TRUST_PROXY must be a number of proxies from 0 to 10/],
    ['10.0.0.300', /^Configuration error: TRUST_PROXY must be false, a number of proxies, or addresses.*"10\.0\.0\.300"/],
    ['10.0.0.0/33', /"10\.0\.0\.0\/33"/],
    ['proxy.internal', /"proxy\.internal"/],
  ])('refuses TRUST_PROXY=%s with one line saying what to set', (value, message) => {
    expect(() => loadEnv({ TRUST_PROXY: value })).toThrow(message);
  });

  it('ends sessions 30 days after sign-in unless SESSION_MAX_AGE_DAYS says otherwise', () => {
    expect(loadEnv({}).sessionMaxAgeDays).toBe(30);
    expect(loadEnv({ SESSION_MAX_AGE_DAYS: '7' }).sessionMaxAgeDays).toBe(7);
    expect(() => loadEnv({ SESSION_MAX_AGE_DAYS: '0' })).toThrow(/^Configuration error: SESSION_MAX_AGE_DAYS /);
    expect(() => loadEnv({ SESSION_MAX_AGE_DAYS: 'forever' })).toThrow(/^Configuration error: SESSION_MAX_AGE_DAYS /);
  });

  it('accepts a hex key as well as base64', () => {
    const env = loadEnv({ ENCRYPTION_KEY: 'ab'.repeat(32) });
    expect(env.encryptionKey.equals(Buffer.alloc(32, 0xab))).toBe(true);
  });
});
