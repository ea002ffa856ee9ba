// Unsubscribe links of playbook emails: GET /unsubscribe/<token> shows a page with one button, POST (that button,
// or a mail client's one-click List-Unsubscribe-Post, RFC 8058) adds the address to the suppressions. GET alone
// does not unsubscribe: mail scanners (Outlook Safe Links, corporate gateways) open every link in a message, and
// would unsubscribe people who never asked. No session: the signed token is the permission.
import express, { type Request, type Response, type Router } from 'express';
import { hkdfSync } from 'node:crypto';
import type { AppDeps } from '../context';
import { signUnsubscribe, verifyUnsubscribe } from '../domain/unsubscribeToken';
import type { Env } from '../env';
import { suppress } from './suppression';

const keys = new WeakMap<Buffer, Buffer>();

/** A key of its own for the links, so the session or secrets-at-rest keys never double as one. */
export function unsubscribeKeyFor(env: Pick<Env, 'encryptionKey'>): Buffer {
  let key = keys.get(env.encryptionKey);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', env.encryptionKey, Buffer.alloc(0), 'tru-crm unsubscribe links v1', 32));
    keys.set(env.encryptionKey, key);
  }
  return key;
}

export const unsubscribeUrl = (publicUrl: string, key: Buffer, email: string) => `${publicUrl}/unsubscribe/${signUnsubscribe(key, email)}`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page of its own, plain: no script, no style (the CSP allows neither inline), readable in any browser. */
function page(res: Response, status: number, title: string, body: string) {
  res
    .status(status)
    .type('html')
    .set('Cache-Control', 'no-store')
    .send(`<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`);
}

const invalid = (res: Response) => page(res, 404, 'This link does not work', '<p>The unsubscribe link is incomplete or was changed. Open it again from the email.</p>');

export function unsubscribeRoutes(deps: AppDeps): Router {
  const routes = express.Router();
  const key = unsubscribeKeyFor(deps.env);
  routes.get('/unsubscribe/:token', (req: Request<{ token: string }>, res) => {
    const email = verifyUnsubscribe(key, req.params.token);
    if (!email) return invalid(res);
    page(
      res,
      200,
      'Unsubscribe',
      `<p>Stop the emails we send automatically to <strong>${escapeHtml(email)}</strong>?</p><form method="post"><button type="submit">Unsubscribe</button></form>`,
    );
  });
  // The body (the form's, or "List-Unsubscribe=One-Click") says nothing the token does not: it is not read.
  routes.post('/unsubscribe/:token', async (req: Request<{ token: string }>, res, next) => {
    try {
      const email = verifyUnsubscribe(key, req.params.token);
      if (!email) return invalid(res);
      await suppress(deps.db, { email, reason: 'unsubscribe' }, deps.clock.now());
      page(res, 200, 'You are unsubscribed', `<p>We will not send automatic emails to <strong>${escapeHtml(email)}</strong> any more.</p>`);
    } catch (error) {
      next(error);
    }
  });
  return routes;
}
