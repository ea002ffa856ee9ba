// POST /api/uploads over real HTTP: real exports as they come, refusals that keep nothing, and the rows read back.
import { count } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadChunks, uploads } from '../../../drizzle/schema';
import { getUpload, readUploadRows } from '../../../server/imports/uploadStore';
import { userActor } from '../../../server/lib/actor';
import type { SessionUser } from '../../../server/trpc';
import { makeUser, TEST_PASSWORD } from '../../helpers/factories/users';
import { startTestServer } from '../../helpers/http';
import { signInCookie } from '../../helpers/signIn';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
let server: Awaited<ReturnType<typeof startTestServer>>;
let small: Awaited<ReturnType<typeof startTestServer>>;
let rep: SessionUser;
let cookie: string;
let smallCookie: string;

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, '../../fixtures/real', name));

beforeAll(async () => {
  server = await startTestServer(t);
  // A second server with a 1 MB limit, for the size refusal.
  small = await startTestServer(t, { env: { uploadMaxBytes: 1024 * 1024 } });
  rep = await makeUser(t.db);
  cookie = await signInCookie(server, rep.email, TEST_PASSWORD, '192.0.2.90');
  smallCookie = await signInCookie(small, rep.email, TEST_PASSWORD, '192.0.2.91');
});
afterAll(async () => {
  await server?.close();
  await small?.close();
});

async function upload(body: Buffer | string, fileName: string, options: { cookie?: string; origin?: string; on?: typeof server; field?: string } = {}) {
  const target = options.on ?? server;
  const form = new FormData();
  form.append(options.field ?? 'file', new Blob([typeof body === 'string' ? body : new Uint8Array(body)]), fileName);
  const res = await fetch(`${target.baseUrl}/api/uploads`, {
    method: 'POST',
    headers: { origin: options.origin ?? target.origin, ...(options.cookie === '' ? {} : { cookie: options.cookie ?? cookie }) },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function storedCounts() {
  const [u] = await t.db.select({ n: count() }).from(uploads);
  const [c] = await t.db.select({ n: count() }).from(uploadChunks);
  return { uploads: u!.n, chunks: c!.n };
}

async function allRows(uploadId: number, from = 0) {
  const info = await getUpload(t.db, userActor(rep), uploadId);
  const rows: { index: number; cells: string[] }[] = [];
  for await (const row of readUploadRows(t.db, info, { from })) rows.push(row);
  return rows;
}

describe('POST /api/uploads with real exports', () => {
  it('takes a HubSpot companies export (5,954 rows) and reads every row back', async () => {
    const { status, body } = await upload(fixture('hubspot-companies.csv'), 'companies.csv');
    expect(status).toBe(201);
    expect(body).toMatchObject({
      fileName: 'companies.csv',
      format: 'csv',
      rowCount: 5954,
      columns: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
    });
    const sample = body.sample as string[][];
    expect(sample).toHaveLength(10);
    expect(sample[0]).toEqual(['2023-07-17T22:18:17.011Z', 'lemonperfect.com', '2024-03-27T20:58:15.016Z', '16578613132', 'Lemon Perfect']);

    const rows = await allRows(body.uploadId as number);
    expect(rows).toHaveLength(5954);
    expect(rows[5953]!.index).toBe(5953);
    expect(rows.every((r) => r.cells.length === 5)).toBe(true);
    const tail = await allRows(body.uploadId as number, 5950);
    expect(tail.map((r) => r.index)).toEqual([5950, 5951, 5952, 5953]);
    expect(tail[3]!.cells).toEqual(rows[5953]!.cells);
  });

  it('reads a Salesforce Data Export in Windows-1252 as the text it is', async () => {
    const { status, body } = await upload(fixture('salesforce-opportunity-cp1252.csv'), 'Opportunity.csv');
    expect(status).toBe(201);
    expect(body.rowCount).toBe(512);
    expect((body.columns as string[]).slice(0, 7)).toEqual(['Id', 'IsDeleted', 'AccountId', 'IsPrivate', 'Name', 'Description', 'StageName']);
    const stages = new Set((await allRows(body.uploadId as number)).map((r) => r.cells[6]));
    expect([...stages].some((s) => s?.includes('Negociación'))).toBe(true);
  });

  it('reads the first sheet of an .xlsx, with Excel numbers as text', async () => {
    const { status, body } = await upload(fixture('maven-accounts.xlsx'), 'accounts.xlsx');
    expect(status).toBe(201);
    expect(body).toMatchObject({
      format: 'xlsx',
      rowCount: 85,
      columns: ['account', 'sector', 'year_established', 'revenue', 'employees', 'office_location', 'subsidiary_of'],
    });
    expect((body.sample as string[][])[0]).toEqual(['Acme Corporation', 'technolgy', '1996', '1100.04', '2822', 'United States', '']);
  });

  it('finds the delimiter and encoding of a UTF-16 semicolon file, with quoted newlines and repeated headers', async () => {
    const text = '\ufeffName;Email;Email;Notes\r\n"Zoë Ærø";zoe@example.com;z2@example.com;"line one\nline two; still notes"\r\nBob;bob@example.com;;plain\r\n';
    const { status, body } = await upload(Buffer.from(text, 'utf16le'), 'people.txt');
    expect(status).toBe(201);
    expect(body.columns).toEqual(['Name', 'Email', 'Email (2)', 'Notes']);
    expect(body.rowCount).toBe(2);
    expect((body.sample as string[][])[0]).toEqual(['Zoë Ærø', 'zoe@example.com', 'z2@example.com', 'line one\nline two; still notes']);
  });
});

describe('refusals keep nothing', () => {
  it.each([
    ['a PDF', Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n'), 'report.pdf', 415, /PDF, not a spreadsheet/],
    ['an image named .csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'contacts.csv', 415, /image/],
    ['a zip that is not a workbook', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]), 'export.zip', 415, /not a spreadsheet/],
    ['a fake .xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]), 'broken.xlsx', 422, /cannot be read/],
    ['JSON', Buffer.from('[{"name":"Acme"}]'), 'accounts.csv', 415, /JSON/],
    ['an empty file', Buffer.alloc(0), 'empty.csv', 422, /empty/],
    ['a header with no rows', Buffer.from('Name,Email\n'), 'header.csv', 422, /no rows below it/],
    ['rows without a header', Buffer.from('1,2023-01-01,bob@example.com\n2,2023-01-02,amy@example.com\n'), 'data.csv', 422, /not column names/],
    ['a quote never closed', Buffer.from('Name,Notes\nAcme,"never closed\n'), 'bad.csv', 422, /cannot be read/],
  ])('refuses %s with a message', async (_what, body, fileName, expected, message) => {
    const before = await storedCounts();
    const res = await upload(body, fileName);
    expect(res.status).toBe(expected);
    expect(res.body.message).toMatch(message);
    expect(await storedCounts()).toEqual(before);
  });

  it('refuses a file over the size limit', async () => {
    const before = await storedCounts();
    const big = 'Name,Email\n' + 'Somebody,somebody@example.com\n'.repeat(60_000); // ~1.8 MB
    const res = await upload(big, 'big.csv', { on: small, cookie: smallCookie });
    expect(res.status).toBe(413);
    expect(res.body.message).toMatch(/larger than the 1 MB/);
    expect(await storedCounts()).toEqual(before);
  });

  it('needs a session, our Origin and the field "file"', async () => {
    expect((await upload('Name\nAcme\n', 'a.csv', { cookie: '' })).status).toBe(401);
    expect((await upload('Name\nAcme\n', 'a.csv', { origin: 'http://evil.example' })).status).toBe(403);
    const wrongField = await upload('Name\nAcme\n', 'a.csv', { field: 'document' });
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.message).toMatch(/field named "file"/);
  });

  it('lets only the uploader (and admins) read an upload', async () => {
    const { body } = await upload('Name\nAcme\n', 'a.csv');
    const other = await makeUser(t.db);
    await expect(getUpload(t.db, userActor(other), body.uploadId as number)).rejects.toThrow(/Only the person who uploaded/);
    const admin = await makeUser(t.db, { role: 'admin' });
    await expect(getUpload(t.db, userActor(admin), body.uploadId as number)).resolves.toMatchObject({ rowCount: 1 });
  });
});
