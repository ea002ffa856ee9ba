// Stores a spreadsheet the way POST /api/uploads does (same code, no HTTP), for tests that start from an upload.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { receiveUpload, type UploadAnswer } from '../../server/imports/uploads';
import { systemClock } from '../../server/lib/clock';
import type { TestDatabase } from './testDatabase';

export const realFixture = (name: string) => readFileSync(path.join(import.meta.dirname, '../fixtures/real', name));

export async function uploadFile(t: TestDatabase, ownerId: string, content: Buffer | string, fileName: string): Promise<UploadAnswer> {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  // In pieces, as a request body arrives.
  const pieces = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536));
  const outcome = await receiveUpload({ db: t.db, env: t.env, clock: systemClock }, ownerId, Readable.from(pieces), fileName);
  if (outcome.status !== 201) throw new Error(`upload refused: ${JSON.stringify(outcome.body)}`);
  return outcome.body as UploadAnswer;
}
