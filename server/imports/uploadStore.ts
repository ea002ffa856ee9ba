// Uploaded spreadsheets: stored as 1 MiB chunks in MySQL (any web or worker process reads them, they survive
// restarts and need no shared disk), and read back as a stream of rows, never whole in memory.
//
// The API other capabilities use (the import job, hygiene's file analysis):
//   getUpload(db, actor, uploadId)            -> the upload's metadata (columns, rowCount ...), access-checked
//   readUploadRows(db, upload, { from })      -> async iterable of { index, cells } for every data row
//   rowRecord(upload.columns, cells)          -> { column: value } for one row
import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { type Upload, uploadChunks, uploads } from '../../drizzle/schema';
import { columnNames, type CsvDelimiter, detectDelimiter, headerProblem, type TextEncoding } from '../domain/imports/sniff';
import type { DbOrTx } from '../db';
import type { Actor } from '../lib/actor';
import { DomainError, forbidden, invalid, notFound } from '../lib/errors';

export const UPLOAD_CHUNK_BYTES = 1024 * 1024;
export const SAMPLE_ROWS = 10;

/** What callers need of an upload to read and describe it. */
export type UploadInfo = Pick<
  Upload,
  'id' | 'ownerId' | 'fileName' | 'format' | 'encoding' | 'delimiter' | 'byteSize' | 'chunkCount' | 'rowCount' | 'createdAt'
> & { columns: string[]; sample: string[][] };

/** One data row: `index` counts data rows from 0 (the header is not one); `cells` has one string per column. */
export interface UploadRow {
  index: number;
  cells: string[];
}

const uploadColumns = {
  id: uploads.id,
  ownerId: uploads.ownerId,
  fileName: uploads.fileName,
  format: uploads.format,
  status: uploads.status,
  encoding: uploads.encoding,
  delimiter: uploads.delimiter,
  byteSize: uploads.byteSize,
  chunkCount: uploads.chunkCount,
  rowCount: uploads.rowCount,
  columns: uploads.columns,
  sample: uploads.sample,
  createdAt: uploads.createdAt,
};

/** An upload ready to read: its uploader, admins and the system (jobs) may use it. */
export async function getUpload(db: DbOrTx, actor: Actor, uploadId: number): Promise<UploadInfo> {
  const [row] = await db.select(uploadColumns).from(uploads).where(and(eq(uploads.id, uploadId), eq(uploads.status, 'ready')));
  if (!row) throw notFound('Upload');
  if (actor.role !== 'system' && actor.role !== 'admin' && actor.id !== row.ownerId) {
    throw forbidden('Only the person who uploaded this file can use it');
  }
  const { status: _status, ...info } = row;
  return { ...info, columns: row.columns ?? [], sample: row.sample ?? [] };
}

export function rowRecord(columns: string[], cells: string[]): Record<string, string> {
  return Object.fromEntries(columns.map((column, i) => [column, cells[i] ?? '']));
}

// --- writing -------------------------------------------------------------------------------------------

export async function createUploadRecord(db: DbOrTx, input: { ownerId: string; fileName: string; format: Upload['format'] }, now: Date) {
  const [row] = await db
    .insert(uploads)
    .values({ ...input, createdAt: now, updatedAt: now })
    .$returningId();
  return row!.id;
}

export async function appendChunk(db: DbOrTx, uploadId: number, seq: number, data: Buffer): Promise<void> {
  await db.insert(uploadChunks).values({ uploadId, seq, data });
  await db
    .update(uploads)
    .set({ chunkCount: seq + 1, byteSize: sql`${uploads.byteSize} + ${data.length}` })
    .where(eq(uploads.id, uploadId));
}

export async function deleteUpload(db: DbOrTx, uploadId: number): Promise<void> {
  await db.delete(uploadChunks).where(eq(uploadChunks.uploadId, uploadId));
  await db.delete(uploads).where(eq(uploads.id, uploadId));
}

// --- reading -------------------------------------------------------------------------------------------

type Stored = Pick<UploadInfo, 'id' | 'format' | 'encoding' | 'delimiter' | 'chunkCount'>;

/** The stored bytes, a chunk at a time. */
async function* uploadBytes(db: DbOrTx, upload: Pick<Stored, 'id' | 'chunkCount'>): AsyncGenerator<Buffer> {
  for (let seq = 0; seq < upload.chunkCount; seq++) {
    const [row] = await db
      .select({ data: uploadChunks.data })
      .from(uploadChunks)
      .where(and(eq(uploadChunks.uploadId, upload.id), eq(uploadChunks.seq, seq)));
    if (!row) throw new Error(`upload ${upload.id} lost its chunk ${seq}`);
    yield row.data;
  }
}

async function* decodedText(bytes: AsyncIterable<Buffer>, encoding: TextEncoding): AsyncGenerator<string> {
  // TextDecoder drops the BOM and keeps a character split across chunks for the next one.
  const decoder = new TextDecoder(encoding);
  for await (const chunk of bytes) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** The first text of a CSV upload, enough to see its delimiter. */
export async function csvDelimiterOf(db: DbOrTx, upload: Pick<Stored, 'id' | 'chunkCount'>, encoding: TextEncoding): Promise<CsvDelimiter> {
  let head = '';
  for await (const text of decodedText(uploadBytes(db, { id: upload.id, chunkCount: Math.min(upload.chunkCount, 1) }), encoding)) {
    head += text;
    if (head.length > 64 * 1024) break;
  }
  return detectDelimiter(head.slice(0, 64 * 1024));
}

async function* csvRecords(db: DbOrTx, upload: Stored): AsyncGenerator<string[]> {
  // One decoded chunk ahead at most (the default reads 16 ahead: 16 MiB of text waiting for the parser).
  const source = Readable.from(decodedText(uploadBytes(db, upload), (upload.encoding ?? 'utf-8') as TextEncoding), { highWaterMark: 1 });
  const parser = parse({
    delimiter: upload.delimiter ?? ',',
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
  });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  try {
    for await (const record of parser as AsyncIterable<string[]>) yield record;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const where = (error as { lines?: number }).lines;
    const message = (error as Error).message ?? 'it could not be read';
    throw invalid(`This CSV file cannot be read${where ? ` near line ${where}` : ''}: ${message.replace(/^Invalid Opening Quote: /, '')}`);
  } finally {
    source.destroy();
  }
}

/** An Excel cell as the text a CSV of it would hold: dates as ISO (a date alone when there is no time). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in value) return String((value as { text: unknown }).text ?? '');
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

async function* xlsxRecords(db: DbOrTx, upload: Stored): AsyncGenerator<string[]> {
  const source = Readable.from(uploadBytes(db, upload), { highWaterMark: 1 });
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'emit',
  });
  try {
    // Only the first worksheet: an export is one sheet; a workbook with more is read from its first.
    for await (const worksheet of workbook) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as ExcelJS.CellValue[];
        // row.values is 1-based: index 0 is always empty.
        yield values.slice(1).map((v) => cellText(v ?? null));
      }
      break;
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw invalid('This .xlsx file cannot be read: it may be damaged or not really an Excel workbook. Save it again from Excel, or export it as CSV.');
  } finally {
    source.destroy();
  }
}

const isBlank = (record: string[]) => record.every((cell) => cell.trim() === '');

/** Every non-empty record of the file, the header row included. */
function records(db: DbOrTx, upload: Stored): AsyncGenerator<string[]> {
  return upload.format === 'xlsx' ? xlsxRecords(db, upload) : csvRecords(db, upload);
}

/**
 * The header row and then every data row of an upload, streamed: a million-row file never sits in memory.
 * `from` skips the first data rows (an import resuming after its last committed batch).
 */
export async function* readUploadRows(
  db: DbOrTx,
  upload: Stored & { columns?: string[] },
  options: { from?: number; onHeader?: (cells: string[]) => void } = {},
): AsyncGenerator<UploadRow> {
  const from = options.from ?? 0;
  let header: string[] | null = null;
  let index = 0;
  for await (const record of records(db, upload)) {
    if (isBlank(record)) continue;
    if (header === null) {
      header = record;
      options.onHeader?.(record);
      continue;
    }
    if (index >= from) {
      const width = upload.columns?.length ?? header.length;
      const cells = record.length === width ? record : Array.from({ length: width }, (_, i) => record[i] ?? '');
      yield { index, cells };
    }
    index++;
  }
}

/**
 * The streaming pass after an upload: its columns, row count and first rows, or a DomainError saying why the
 * file cannot be used (empty, no header row, unreadable).
 */
export async function analyseUpload(db: DbOrTx, upload: Stored): Promise<{ columns: string[]; rowCount: number; sample: string[][] }> {
  let columns: string[] | null = null;
  let rowCount = 0;
  const sample: string[][] = [];
  for await (const row of readUploadRows(db, upload, {
    onHeader: (cells) => {
      const problem = headerProblem(cells);
      if (problem) throw invalid(problem);
      columns = columnNames(cells);
    },
  })) {
    rowCount++;
    if (sample.length < SAMPLE_ROWS) sample.push(row.cells);
  }
  if (columns === null) throw invalid('The file is empty: it has no header row and no rows.');
  if (rowCount === 0) throw invalid('The file has a header row but no rows below it.');
  return { columns, rowCount, sample };
}

export async function markUploadReady(
  db: DbOrTx,
  uploadId: number,
  result: { columns: string[]; rowCount: number; sample: string[][]; encoding: string | null; delimiter: string | null },
  now: Date,
) {
  await db
    .update(uploads)
    .set({ status: 'ready', ...result, updatedAt: now })
    .where(eq(uploads.id, uploadId));
}
