// Cross-site request forgery: a page on another site can make a browser POST to us with the user's cookie.
// SameSite=Lax and the JSON content type stop today's browsers in most cases, not in all (a sibling
// subdomain is "same-site"); this checks where a state-changing request comes from, as better-auth does for
// its own endpoints.
//
// Every POST must name our origin in Origin. Browsers always send it on a POST made with fetch; a request
// without one is not from a browser page, and we refuse it too rather than guess: one rule to reason about,
// the same better-auth applies when a cookie is sent, and a script (the bench, curl) simply adds
// `Origin: <PUBLIC_URL>`. Sec-Fetch-Site, where the browser sends it, must not say cross-site or same-site.
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../lib/log';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Why a write must be refused, or null when it comes from our own pages. */
export function foreignWriteReason(origin: string | undefined, fetchSite: string | undefined, ours: string): string | null {
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return `it came from another site (Sec-Fetch-Site: ${fetchSite})`;
  if (!origin) return 'it named no Origin';
  if (origin !== ours) return `it came from ${origin}`;
  return null;
}

type Refuse = (req: Request, res: Response, message: string) => void;

/** tRPC's own error envelope (one per call of a batch), so the client shows the message like any other. */
export const refuseAsTrpc: Refuse = (req, res, message) => {
  const error = (path: string) => ({ error: { json: { message, code: -32003, data: { code: 'FORBIDDEN', httpStatus: 403, path } } } });
  const paths = req.path.slice(1).split(',');
  res.status(403).json(req.query.batch === '1' ? paths.map(error) : error(paths[0] ?? ''));
};

/** better-auth's error shape. */
export const refuseAsJson: Refuse = (_req, res, message) => {
  res.status(403).json({ code: 'FORBIDDEN', message });
};

export function sameOriginWrites(publicUrl: string, log: Logger, refuse: Refuse): RequestHandler {
  const ours = new URL(publicUrl).origin;
  return (req, res, next) => {
    if (READS.has(req.method)) return next();
    const reason = foreignWriteReason(req.get('origin'), req.get('sec-fetch-site'), ours);
    if (!reason) return next();
    log.warn('cross-origin write refused', {
      requestId: res.locals.requestId,
      url: req.originalUrl.slice(0, 300),
      origin: req.get('origin') ?? null,
      secFetchSite: req.get('sec-fetch-site') ?? null,
    });
    refuse(req, res, `Tru-CRM takes changes only from its own pages at ${ours}, and ${reason}.`);
  };
}
