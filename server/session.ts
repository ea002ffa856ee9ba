// The signed-in user of a request, from better-auth's session cookie, checked against MySQL on every request.
//
// better-auth's getSession costs about 1 ms of CPU per call (its endpoint pipeline, two WebCrypto calls on
// the thread pool, two queries): half of what a list request may cost. So the usual case is answered here,
// from the same cookie, key and tables: the cookie's signature is checked as better-auth signs it
// (HMAC-SHA256 with its secret, compared in constant time), then one indexed query reads the session with
// its user. Nothing is cached between requests: a signed-out session or a deactivated user stops working at
// once. A session that is expired or due for its sliding refresh (once a day, `updateAge`) goes to
// getSession itself, which deletes or extends it exactly as before.
//
// better-auth's sessions slide forever while used. This is also the one place sessions are accepted (its
// /get-session endpoint is switched off), so the absolute lifetime is enforced here: a session older than
// SESSION_MAX_AGE_DAYS since its sign-in is deleted and refused, however recently it was refreshed.
import { fromNodeHeaders } from 'better-auth/node';
import { eq, sql } from 'drizzle-orm';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { sessions, users } from '../drizzle/schema';
import type { Auth } from './auth';
import type { Db } from './db';
import type { Clock } from './lib/clock';
import type { SessionUser } from './trpc';

export type SessionReader = (headers: IncomingHttpHeaders) => Promise<SessionUser | null>;

/** The first cookie of that name, URI-decoded, as better-call reads it; null if absent. */
function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1 || pair.slice(0, eq).trim() !== name) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"')) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return null;
}

/** The session token of a `token.signature` cookie value, if better-auth signed it with `secret`. */
function verifiedToken(value: string | null, secret: string): string | null {
  if (!value) return null;
  const dot = value.lastIndexOf('.');
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  // An HMAC-SHA256 in standard base64, as better-auth writes it: 43 characters and one "=".
  if (!/^[A-Za-z0-9+/]{43}=$/.test(signature)) return null;
  const expected = createHmac('sha256', secret).update(token).digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
}

function toSessionUser(u: { id: string; email: string; name: string; role?: string | null; timeZone?: string | null }): SessionUser {
  return { id: u.id, email: u.email, name: u.name, role: (u.role ?? 'rep') as SessionUser['role'], active: true, timeZone: u.timeZone ?? 'UTC' };
}

/** Through better-auth itself: it deletes an expired session and extends one due for a refresh. */
async function viaBetterAuth(auth: Auth, headers: IncomingHttpHeaders): Promise<SessionUser | null> {
  const session = await auth.api.getSession({ headers: fromNodeHeaders(headers) });
  const user = session?.user as (NonNullable<typeof session>['user'] & { role?: string; active?: boolean; timeZone?: string }) | undefined;
  return user?.active ? toSessionUser(user) : null;
}

export function sessionReader(auth: Auth, db: Db, clock: Clock, maxAgeDays: number): SessionReader {
  const maxAgeMs = maxAgeDays * 24 * 60 * 60 * 1000;
  const config = auth.$context.then((c) => ({
    cookieName: c.authCookies.sessionToken.name,
    secret: c.secret,
    lifetimeMs: c.sessionConfig.expiresIn * 1000,
    refreshAfterMs: c.sessionConfig.updateAge * 1000,
  }));
  // Built once: the same statement for every request, only the token differs.
  const sessionWithUser = db
    .select({
      expiresAt: sessions.expiresAt,
      signedInAt: sessions.createdAt,
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      active: users.active,
      timeZone: users.timeZone,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.token, sql.placeholder('token')))
    .prepare();
  return async (headers) => {
    const { cookieName, secret, lifetimeMs, refreshAfterMs } = await config;
    const token = verifiedToken(cookieValue(headers.cookie, cookieName), secret);
    if (!token) return null;
    const [row] = await sessionWithUser.execute({ token });
    // Signed out (row deleted) or deactivated: refused at once.
    if (!row?.active) return null;
    const now = clock.now().getTime();
    const endsAt = row.signedInAt.getTime() + maxAgeMs;
    if (endsAt <= now) {
      await db.delete(sessions).where(eq(sessions.token, token));
      return null;
    }
    const expiresAt = row.expiresAt.getTime();
    // better-auth's rule: refresh once the session is updateAge old (expiresAt was set `lifetime` ahead).
    const dueForRefresh = expiresAt - lifetimeMs + refreshAfterMs <= now;
    if (expiresAt <= now || dueForRefresh) {
      const user = await viaBetterAuth(auth, headers);
      // The refresh set expiresAt 14 days on; keep the row's own expiry within the absolute end, so the
      // nightly purge removes it when it can no longer be used.
      if (user) await db.update(sessions).set({ expiresAt: sql`LEAST(${sessions.expiresAt}, ${new Date(endsAt)})` }).where(eq(sessions.token, token));
      return user;
    }
    return toSessionUser(row);
  };
}
