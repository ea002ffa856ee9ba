// The last stop of every request Express could not answer: a plain page that names the status and the
// request id, never the error's message or stack (which named absolute paths under node_modules), and a log line.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { STATUS_CODES } from 'node:http';
import type { Logger } from '../lib/log';

/** A 4xx the error carries (Express's URI decoding, body-parser, http-errors), else 500. */
function statusOf(error: unknown): number {
  const e = error as { status?: unknown; statusCode?: unknown } | null;
  const status = e?.status ?? e?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

function plainPage(res: Parameters<RequestHandler>[1], status: number): void {
  const requestId = res.locals.requestId as string | undefined;
  res
    .status(status)
    .set('Cache-Control', 'no-store')
    .type('text/plain')
    .send(`${status} ${STATUS_CODES[status] ?? 'Error'}${requestId ? `\nRequest id: ${requestId}` : ''}\n`);
}

/** Anything no route answered. */
export const notFound: RequestHandler = (_req, res) => {
  plainPage(res, 404);
};

export function finalErrorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    const status = statusOf(error);
    const fields = { requestId: res.locals.requestId, method: req.method, url: req.originalUrl.slice(0, 300), status };
    if (status >= 500) log.error('request failed', { ...fields, error });
    else log.warn('request refused', { ...fields, reason: error instanceof Error ? error.message : String(error) });
    // Mid-response there is no page left to send: Express's default closes the connection.
    if (res.headersSent) return next(error);
    plainPage(res, status);
  };
}
