// GET /api/reports/<id>/export.csv: a saved report as CSV, run as the signed-in user (their own or a shared
// report), streamed from the keyset cursor with the response's backpressure pacing the reads. Logged as a run
// (trigger "export") with its rows and duration. `?title=1` adds a first line naming the report.
import type { RequestHandler } from 'express';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../db';
import { calendarDay } from '../../shared/periods';
import { userActor } from '../lib/actor';
import type { Clock } from '../lib/clock';
import { DomainError } from '../lib/errors';
import type { Logger } from '../lib/log';
import type { SessionReader } from '../session';
import { finishRun, planFor, runErrorMessage, startRun, storedDefinition } from './execute';
import { EXPORT_SCHEMA_VERSION } from './exports';
import { reportCsvStream, reportFileName } from './reportCsv';
import { loadReportForRead } from './savedReports';

const statusOf: Record<DomainError['kind'], number> = { not_found: 404, forbidden: 403, conflict: 409, invalid: 400 };

export function reportExportHandler(deps: { db: Db; clock: Clock; log: Logger; readSession: SessionReader }): RequestHandler {
  return async (req, res, next) => {
    let executionId: number | null = null;
    const startedAt = deps.clock.now();
    let rows = 0;
    try {
      const user = await deps.readSession(req.headers);
      if (!user) return void res.status(401).json({ message: 'Sign in to export.' });
      const id = Number(req.params.id);
      if (!Number.isSafeInteger(id) || id <= 0) return void res.status(404).json({ message: 'Report not found' });
      const actor = userActor(user);
      const report = await loadReportForRead(deps.db, actor, id);
      const plan = planFor(actor, storedDefinition(report), startedAt, 'definition.');
      executionId = await startRun(deps.db, report, actor.id, 'export', startedAt);
      const fileName = reportFileName(report.name, calendarDay(startedAt, user.timeZone));
      res.status(200).set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${fileName}"`,
        'Cache-Control': 'no-store',
        'X-Export-Schema-Version': EXPORT_SCHEMA_VERSION,
      });
      res.write('\ufeff');
      if (req.query.title === '1') res.write(`${report.name.replace(/[\r\n]+/g, ' ')} (${fileName})\r\n`);
      const csv = reportCsvStream(deps.db, plan, actor.id, () => {
        rows += 1;
      }, { bom: false });
      await pipeline(csv, res);
      await finishRun(deps.db, executionId, { rowCount: rows }, startedAt, deps.clock.now());
    } catch (error) {
      if (executionId !== null) await finishRun(deps.db, executionId, { rowCount: rows, error: runErrorMessage(error) }, startedAt, deps.clock.now()).catch(() => undefined);
      if (res.headersSent) {
        deps.log.error('report export failed mid-stream', { requestId: res.locals.requestId, error });
        res.destroy();
        return;
      }
      if (error instanceof DomainError) return void res.status(statusOf[error.kind]).json({ message: error.message, fieldErrors: error.fieldErrors });
      next(error);
    }
  };
}
