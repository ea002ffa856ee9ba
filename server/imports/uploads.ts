// POST /api/uploads: a spreadsheet (CSV in any common encoding and delimiter, or .xlsx) in the multipart field
// `file`. The bytes are stored as they arrive (never the whole file in memory), then read once as a stream to
// answer { uploadId, fileName, format, rowCount, columns, sample }. A file we cannot use is refused with a 4xx
// and a message, and nothing of it is kept.
import busboy from 'busboy';
import type { Request, RequestHandler, Response } from 'express';
import type { Readable } from 'node:stream';
import type { UploadAnswer } from '../../shared/schemas/imports';
import { sniffUpload, type TextEncoding } from '../domain/imports/sniff';
import type { Db, DbOrTx } from '../db';
import type { Env } from '../env';
import type { Clock } from '../lib/clock';
import { DomainError } from '../lib/errors';
import type { Logger } from '../lib/log';
import type { SessionReader } from '../session';
import {
  analyseUpload,
  appendChunk,
  createUploadRecord,
  csvDelimiterOf,
  deleteUpload,
  markUploadReady,
  UPLOAD_CHUNK_BYTES,
} from './uploadStore';

/** Enough of the file to tell what it is (magic numbers, BOM, encoding). */
const SNIFF_BYTES = 8 * 1024;

export type { UploadAnswer };

export interface Outcome {
  status: number;
  body: UploadAnswer | { message: string };
}

export interface UploadDeps {
  db: Db;
  env: Env;
  clock: Clock;
  log: Logger;
  readSession: SessionReader;
}

const refusal = (status: number, message: string): Outcome => ({ status, body: { message } });

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** The name as the user's computer had it, without any folder, fit for a column of 255. */
function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base || 'upload').slice(0, 255);
}

/** Stores one file as it streams in and analyses it; POST /api/uploads answers what this returns. */
export async function receiveUpload(deps: { db: DbOrTx; clock: Clock; env: Pick<Env, 'uploadMaxBytes'> }, ownerId: string, file: Readable & { truncated?: boolean }, fileName: string): Promise<Outcome> {
  const now = deps.clock.now();
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let uploadId: number | null = null;
  let format: 'csv' | 'xlsx' = 'csv';
  let encoding: TextEncoding | null = null;
  let refused: Outcome | null = null;
  let seq = 0;
  let byteSize = 0;

  const start = async () => {
    const sniffed = sniffUpload(Buffer.concat(pending).subarray(0, SNIFF_BYTES), fileName);
    if (!sniffed.ok) {
      refused = refusal(pendingBytes === 0 ? 422 : 415, sniffed.message);
      pending = [];
      pendingBytes = 0;
      return;
    }
    format = sniffed.format;
    encoding = sniffed.format === 'csv' ? sniffed.encoding : null;
    uploadId = await createUploadRecord(deps.db, { ownerId, fileName, format }, now);
  };
  const flush = async (all: boolean) => {
    while (uploadId !== null && (pendingBytes >= UPLOAD_CHUNK_BYTES || (all && pendingBytes > 0))) {
      const joined = Buffer.concat(pending);
      const chunk = joined.subarray(0, UPLOAD_CHUNK_BYTES);
      const rest = joined.subarray(chunk.length);
      pending = rest.length > 0 ? [rest] : [];
      pendingBytes = rest.length;
      await appendChunk(deps.db, uploadId, seq++, chunk);
      byteSize += chunk.length;
    }
  };

  try {
    for await (const data of file as AsyncIterable<Buffer>) {
      if (refused) continue; // drain what is still coming
      pending.push(data);
      pendingBytes += data.length;
      if (uploadId === null) {
        if (pendingBytes < SNIFF_BYTES) continue;
        await start();
        if (refused) continue;
      }
      if (pendingBytes >= UPLOAD_CHUNK_BYTES) await flush(false);
    }
    if (file.truncated) {
      refused = refusal(413, `The file is larger than the ${megabytes(deps.env.uploadMaxBytes)} an upload may be. Split it into smaller files.`);
    }
    if (!refused && uploadId === null) await start();
    if (refused) {
      if (uploadId !== null) await deleteUpload(deps.db, uploadId);
      return refused;
    }
    await flush(true);
    const id = uploadId!;
    const delimiter = format === 'csv' ? await csvDelimiterOf(deps.db, { id, chunkCount: seq }, encoding!) : null;
    const stored = { id, format, encoding, delimiter, chunkCount: seq };
    const { columns, rowCount, sample } = await analyseUpload(deps.db, stored);
    await markUploadReady(deps.db, id, { columns, rowCount, sample, encoding, delimiter }, deps.clock.now());
    return { status: 201, body: { uploadId: id, fileName, format, byteSize, rowCount, columns, sample } };
  } catch (error) {
    if (uploadId !== null) await deleteUpload(deps.db, uploadId).catch(() => undefined);
    if (error instanceof DomainError) return refusal(422, error.message);
    throw error;
  }
}

function send(res: Response, outcome: Outcome) {
  res.status(outcome.status).set('Cache-Control', 'no-store').json(outcome.body);
}

export function uploadHandler(deps: UploadDeps): RequestHandler {
  const max = deps.env.uploadMaxBytes;
  return async (req: Request, res: Response, next) => {
    try {
      const user = await deps.readSession(req.headers);
      if (!user) return send(res, refusal(401, 'Sign in to upload files.'));
      if (!req.is('multipart/form-data')) {
        return send(res, refusal(415, 'Send the file as multipart/form-data, in a field named "file".'));
      }
      // A declared length far beyond the limit is refused before anything is read.
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > max + 64 * 1024) {
        res.set('Connection', 'close');
        return send(res, refusal(413, `The file is larger than the ${megabytes(max)} an upload may be. Split it into smaller files.`));
      }
      let parser: busboy.Busboy;
      try {
        parser = busboy({ headers: req.headers, limits: { fileSize: max, files: 1, fields: 20, parts: 25 } });
      } catch {
        return send(res, refusal(400, 'The upload is not well-formed multipart/form-data.'));
      }
      let received: Promise<Outcome> | null = null;
      parser.on('file', (name, file, info) => {
        if (name !== 'file' || received) {
          file.resume();
          return;
        }
        received = receiveUpload(deps, user.id, file, cleanFileName(info.filename));
        // Settled in 'close'; a rejection here is not unhandled.
        received.catch(() => undefined);
      });
      parser.on('error', () => {
        req.unpipe(parser);
        if (!res.headersSent) send(res, refusal(400, 'The upload is not well-formed multipart/form-data.'));
      });
      parser.on('close', () => {
        if (res.headersSent) return;
        if (!received) return send(res, refusal(400, 'No file: send the spreadsheet in a multipart field named "file".'));
        received.then(
          (outcome) => {
            if (outcome.status >= 400) deps.log.info('upload refused', { requestId: res.locals.requestId, status: outcome.status, reason: (outcome.body as { message: string }).message });
            send(res, outcome);
          },
          (error) => next(error),
        );
      });
      req.pipe(parser);
    } catch (error) {
      next(error);
    }
  };
}
