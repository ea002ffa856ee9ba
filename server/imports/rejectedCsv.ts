// GET /api/imports/:id/rejected.csv: the rows an import rejected, as they were in the file, with the row number
// and the reason in front, to fix and upload again. Streamed a page at a time.
import { stringify } from 'csv-stringify';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { RequestHandler } from 'express';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { importRejections, imports } from '../../drizzle/schema';
import type { Db } from '../db';
import { systemActor, userActor } from '../lib/actor';
import { DomainError } from '../lib/errors';
import type { SessionReader } from '../session';
import { importStatus } from './service';
import { getUpload } from './uploadStore';

const PAGE = 1000;

async function* rejectedRows(db: Db, importId: number) {
  let after = -1;
  for (;;) {
    const page = await db
      .select({ rowIndex: importRejections.rowIndex, reason: importRejections.reason, cells: importRejections.cells })
      .from(importRejections)
      .where(and(eq(importRejections.importId, importId), gt(importRejections.rowIndex, after)))
      .orderBy(asc(importRejections.rowIndex))
      .limit(PAGE);
    for (const row of page) yield [String(row.rowIndex + 2), row.reason, ...row.cells];
    if (page.length < PAGE) return;
    after = page[page.length - 1]!.rowIndex;
  }
}

export function rejectedRowsHandler(deps: { db: Db; readSession: SessionReader; clock: { now(): Date } }): RequestHandler {
  return async (req, res, next) => {
    try {
      const user = await deps.readSession(req.headers);
      if (!user) return void res.status(401).json({ message: 'Sign in to download this file.' });
      const importId = Number(req.params.id);
      if (!Number.isInteger(importId) || importId <= 0) return void res.status(404).json({ message: 'Import not found' });
      const actor = userActor(user);
      const status = await importStatus(deps.db, actor, { importId }, deps.clock.now());
      const [row] = await deps.db.select({ uploadId: imports.uploadId }).from(imports).where(eq(imports.id, importId));
      const columns = row?.uploadId ? await getUpload(deps.db, systemActor('rejected rows download'), row.uploadId).then((u) => u.columns, () => []) : [];
      const base = status.fileName.replace(/\.[^.]+$/, '');
      res.status(200);
      res.set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${encodeURIComponent(`${base}-rejected.csv`)}"`,
        'Cache-Control': 'no-store',
      });
      res.write('\ufeff');
      await pipeline(Readable.from(rejectedRows(deps.db, importId)), stringify({ header: true, columns: ['Row', 'Reason', ...columns] }), res);
    } catch (error) {
      if (error instanceof DomainError && !res.headersSent) {
        return void res.status(error.kind === 'forbidden' ? 403 : 404).json({ message: error.message });
      }
      next(error);
    }
  };
}
