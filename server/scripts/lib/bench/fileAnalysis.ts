// The bench's file analysis: Maven's 8,800-deal pipeline (tests/fixtures/real) uploaded, mapped and analysed the
// way hygiene.analyses.* does it, then deleted. Target (issue 15): the analysis < 2 s.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { asc, eq } from 'drizzle-orm';
import { users } from '../../../../drizzle/schema';
import type { Db } from '../../../db';
import { confirmMapping, createAnalysis, deleteAnalysis } from '../../../hygiene/analyses';
import { receiveUpload, type UploadAnswer } from '../../../imports/uploads';
import { userActor } from '../../../lib/actor';
import { systemClock } from '../../../lib/clock';

const MAVEN = path.resolve(import.meta.dirname, '../../../../tests/fixtures/real/maven-sales-pipeline.csv');

export async function benchFileAnalysis(db: Db): Promise<boolean> {
  const [admin] = await db.select({ id: users.id, name: users.name, role: users.role }).from(users).where(eq(users.role, 'admin')).orderBy(asc(users.id)).limit(1);
  if (!admin) {
    console.log('  file analysis: skipped (no admin user to upload as)');
    return true;
  }
  const actor = userActor(admin);
  const bytes = readFileSync(MAVEN);
  const started = performance.now();
  const outcome = await receiveUpload({ db, clock: systemClock, env: { uploadMaxBytes: 64 * 1024 * 1024 } }, admin.id, Readable.from([bytes]), 'sales_pipeline.csv');
  if (outcome.status !== 201) throw new Error(`bench upload refused: ${JSON.stringify(outcome.body)}`);
  const uploaded = performance.now();
  const preview = await createAnalysis(db, actor, { uploadId: (outcome.body as UploadAnswer).uploadId }, new Date());
  const mapped = performance.now();
  const report = await confirmMapping(db, actor, { analysisId: preview.analysisId, mapping: preview.mapping, stageMapping: {} }, new Date());
  const analysed = performance.now();
  await deleteAnalysis(db, actor, { analysisId: preview.analysisId }, new Date());
  const analysisMs = analysed - mapped;
  console.log(
    `  Maven file (${report.analysedRows.toLocaleString('en-US')} deals, ${report.findingsCount.toLocaleString('en-US')} results): ` +
      `analysis ${(analysisMs / 1000).toFixed(2)} s (upload ${((uploaded - started) / 1000).toFixed(2)} s, mapping preview ${((mapped - uploaded) / 1000).toFixed(2)} s)`,
  );
  return analysisMs < 2_000;
}
