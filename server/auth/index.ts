// better-auth over our Drizzle schema: email + password sign-in, sessions in MySQL, throttled sign-in.
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { createHmac, randomUUID } from 'node:crypto';
import { authAccounts, rateLimits, sessions, users, verifications } from '../../drizzle/schema';
import { PASSWORD_MIN_LENGTH } from '../../shared/schemas/users';
import type { Db } from '../db';
import type { Env } from '../env';
import { type Clock, systemClock } from '../lib/clock';
import { DISABLED_AUTH_PATHS } from './exposedPaths';
import { createSignInThrottle } from './signInThrottle';
import { SIGN_IN_PATH, signInThrottleHooks } from './throttleHooks';

/** Express overwrites this header with req.ip, so a client cannot pick its own rate-limit bucket. */
export const CLIENT_IP_HEADER = 'x-trucrm-client-ip';

/**
 * Sign-ins per address per minute, right or wrong: generous, so an office behind one address signs in on a
 * Monday morning unhindered. Wrong passwords meet the much tighter throttle in signInThrottle.ts.
 */
const SIGN_INS_PER_ADDRESS_PER_MINUTE = 60;
const DAY_SECONDS = 24 * 60 * 60;

export function createAuth(db: Db, env: Env, clock: Clock = systemClock) {
  // One secret to manage: the session-signing secret is derived from ENCRYPTION_KEY.
  const secret = createHmac('sha256', env.encryptionKey).update('better-auth-secret').digest('base64');
  return betterAuth({
    appName: 'Tru-CRM',
    baseURL: env.publicUrl,
    basePath: '/api/auth',
    secret,
    trustedOrigins: [env.publicUrl],
    disabledPaths: DISABLED_AUTH_PATHS,
    database: drizzleAdapter(db, {
      provider: 'mysql',
      schema: { user: users, session: sessions, account: authAccounts, verification: verifications, rateLimit: rateLimits },
    }),
    // Sign-in checks no length (demo users keep their short documented password); the endpoints that would
    // set one are switched off, and users.create / users.update apply the full rules.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: PASSWORD_MIN_LENGTH },
    user: {
      additionalFields: {
        role: { type: 'string', input: false },
        active: { type: 'boolean', input: false },
        timeZone: { type: 'string', input: false },
      },
    },
    // Sliding: a session in use is extended by 14 days once a day, but never past SESSION_MAX_AGE_DAYS after
    // its sign-in, which server/session.ts enforces on every request.
    session: { expiresIn: Math.min(14, env.sessionMaxAgeDays) * DAY_SECONDS, updateAge: DAY_SECONDS },
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 300,
      customRules: { [SIGN_IN_PATH]: { window: 60, max: SIGN_INS_PER_ADDRESS_PER_MINUTE } },
    },
    hooks: signInThrottleHooks(createSignInThrottle(db, clock), CLIENT_IP_HEADER),
    advanced: {
      // Explicitly on: better-auth skips its Origin check by default under NODE_ENV=test, which would have the
      // tests check less than production runs.
      disableOriginCheck: false,
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      useSecureCookies: env.publicUrl.startsWith('https://'),
      database: { generateId: () => randomUUID() },
    },
    databaseHooks: {
      session: {
        create: {
          // A deactivated user can hold no session, however they ask for one.
          before: async (session) => {
            const user = await db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, session.userId) });
            return user?.active ? { data: session } : false;
          },
        },
      },
    },
    telemetry: { enabled: false },
    logger: { disabled: env.logLevel === 'silent', level: env.logLevel === 'debug' ? 'debug' : 'warn' },
  });
}

export type Auth = ReturnType<typeof createAuth>;
