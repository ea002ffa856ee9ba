// GET /api/hygiene/analyses/:id/findings.csv: every rule result found in an analysed file, one line each with
// the deal's row, name, owner, stage, amount, close date and health. Streamed a page at a time.
import { stringify } from 'csv-stringify';
import { and, asc, eq, gt, or } from 'drizzle-orm';
import type { RequestHandler } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { hygieneAnalysisDeals, hygieneAnalysisFindings } from '../../drizzle/schema';
import type { Db } from '../db';
import { userActor } from '../lib/actor';
import { DomainError } from '../lib/errors';
import type { SessionReader } from '../session';
import { getAnalysis } from './analyses';

const PAGE = 2000;
const COLUMNS = ['Row', 'Deal', 'Record key', 'Owner', 'Stage', 'Amount', 'Close date', 'Deal health', 'Rule', 'Severity', 'Message'];

const money = (cents: number | null) => (cents === null ? '' : (cents / 100).toFixed(2));

async function* findingLines(db: Db, analysisId: number) {
  let after: { row: number; ruleId: string } | null = null;
  for (;;) {
    const page = await db
      .select({
        fileRow: hygieneAnalysisFindings.fileRow,
        ruleId: hygieneAnalysisFindings.ruleId,
        severity: hygieneAnalysisFindings.severity,
        message: hygieneAnalysisFindings.message,
        dealName: hygieneAnalysisDeals.dealName,
        dealKey: hygieneAnalysisDeals.dealKey,
        ownerName: hygieneAnalysisDeals.ownerName,
        stage: hygieneAnalysisDeals.stage,
        amountCents: hygieneAnalysisDeals.amountCents,
        closeDate: hygieneAnalysisDeals.closeDate,
        health: hygieneAnalysisDeals.health,
      })
      .from(hygieneAnalysisFindings)
      .innerJoin(
        hygieneAnalysisDeals,
        and(eq(hygieneAnalysisDeals.analysisId, hygieneAnalysisFindings.analysisId), eq(hygieneAnalysisDeals.fileRow, hygieneAnalysisFindings.fileRow)),
      )
      .where(
        and(
          eq(hygieneAnalysisFindings.analysisId, analysisId),
          after
            ? or(gt(hygieneAnalysisFindings.fileRow, after.row), and(eq(hygieneAnalysisFindings.fileRow, after.row), gt(hygieneAnalysisFindings.ruleId, after.ruleId)))
            : undefined,
        ),
      )
      .orderBy(asc(hygieneAnalysisFindings.fileRow), asc(hygieneAnalysisFindings.ruleId))
      .limit(PAGE);
    for (const f of page) {
      yield [String(f.fileRow), f.dealName, f.dealKey, f.ownerName ?? '', f.stage, money(f.amountCents), f.closeDate ?? '', String(f.health), f.ruleId, f.severity, f.message];
    }
    if (page.length < PAGE) return;
    const last: { fileRow: number; ruleId: string } = page[page.length - 1]!;
    after = { row: last.fileRow, ruleId: last.ruleId };
  }
}

export function analysisFindingsCsvHandler(deps: { db: Db; readSession: SessionReader; clock: { now(): Date } }): RequestHandler {
  return async (req, res, next) => {
    try {
      const user = await deps.readSession(req.headers);
      if (!user) return void res.status(401).json({ message: 'Sign in to download this file.' });
      const analysisId = Number(req.params.id);
      if (!Number.isInteger(analysisId) || analysisId <= 0) return void res.status(404).json({ message: 'Analysis not found' });
      const analysis = await getAnalysis(deps.db, userActor(user), { analysisId }, deps.clock.now());
      const base = analysis.fileName.replace(/\.[^.]+$/, '');
      res.status(200);
      res.set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${encodeURIComponent(`${base}-hygiene.csv`)}"`,
        'Cache-Control': 'no-store',
      });
      res.write('\ufeff');
      await pipeline(Readable.from(findingLines(deps.db, analysisId)), stringify({ header: true, columns: COLUMNS }), res);
    } catch (error) {
      if (error instanceof DomainError && !res.headersSent) {
        return void res.status(error.kind === 'forbidden' ? 403 : 404).json({ message: error.message });
      }
      next(error);
    }
  };
}
