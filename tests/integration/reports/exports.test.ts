// GET /api/exports/<entity>.csv over real HTTP: hostile text, unicode, quotes and newlines, nulls, the list's
// filters, and a large export streamed without growing memory.
import { parse } from 'csv-parse/sync';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../../drizzle/schema';
import type { SessionUser } from '../../../server/trpc';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser, TEST_PASSWORD } from '../../helpers/factories/users';
import { startTestServer } from '../../helpers/http';
import { signInCookie } from '../../helpers/signIn';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
let server: Awaited<ReturnType<typeof startTestServer>>;
let rep: SessionUser;
let cookie: string;

const hostile = [
  '=HYPERLINK("http://evil.example","click")',
  '+1-555-0100',
  '-2+3',
  '@SUM(A1:A2)',
  '\tTabbed',
  '\rCarriage',
  'Zoë Ærø 名前 🚀 مرحبا',
  'Comma, Inc.',
  'Quote "Q" Ltd',
  'Line one\nLine two',
];

beforeAll(async () => {
  server = await startTestServer(t);
  rep = await makeUser(t.db, { name: 'Ex Porter' });
  cookie = await signInCookie(server, rep.email, TEST_PASSWORD, '192.0.2.140');
  for (const [i, name] of hostile.entries()) {
    await makeAccount(t.db, { accountName: name, ownerId: rep.id, industry: i === 0 ? 'Hostile' : null, domain: i === 1 ? 'plus.example' : null });
  }
});
afterAll(async () => {
  await server?.close();
});

const get = (path: string, headers: Record<string, string> = { cookie }) => fetch(`${server.baseUrl}${path}`, { headers });

async function records(path: string) {
  const res = await get(path);
  expect(res.status).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return { res, rows: parse(bytes.subarray(3).toString('utf8'), { relax_column_count: true }) as string[][] };
}

describe('CSV export of a list view', () => {
  it('writes human headers, a BOM, the schema version, and every cell safely', async () => {
    const { res, rows } = await records('/api/exports/accounts.csv?sort=createdAt');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('x-export-schema-version')).toBe('1');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="accounts-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, ...body] = rows;
    expect(header!.slice(0, 5)).toEqual(['Account ID', 'Account name', 'Domain', 'Website', 'Industry']);
    const names = body.map((r) => r[1]);
    expect(names).toEqual([
      `'=HYPERLINK("http://evil.example","click")`,
      "'+1-555-0100",
      "'-2+3",
      "'@SUM(A1:A2)",
      "'\tTabbed",
      "'\rCarriage",
      'Zoë Ærø 名前 🚀 مرحبا',
      'Comma, Inc.',
      'Quote "Q" Ltd',
      'Line one\nLine two',
    ]);
    // Nulls are empty cells; dates are ISO; ids are plain numbers.
    expect(body[1]![4]).toBe('');
    expect(body[1]![2]).toBe('plus.example');
    expect(body[0]![4]).toBe('Hostile');
    expect(body[0]![0]).toMatch(/^\d+$/);
    expect(body[0]![header!.indexOf('Created')]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('applies the list’s filters and sort, and adds a title line only when asked', async () => {
    const { rows } = await records('/api/exports/accounts.csv?industry=Hostile');
    expect(rows).toHaveLength(2);
    const searched = await records('/api/exports/accounts.csv?search=Comma');
    expect(searched.rows.map((r) => r[1])).toEqual(['Account name', 'Comma, Inc.']);
    const titled = await get('/api/exports/accounts.csv?title=1&industry=Hostile');
    expect(Buffer.from(await titled.arrayBuffer()).subarray(3).toString('utf8').split('\r\n')[0]).toMatch(/^Accounts export \d{4}-\d{2}-\d{2} \(accounts-.*\.csv\)$/);
  });

  it('exports opportunities with plain decimals, ISO dates and several stages', async () => {
    const account = await makeAccount(t.db, { accountName: 'Deal Co', ownerId: rep.id });
    await makeOpportunity(t.db, { accountId: account.id, ownerId: rep.id, opportunityName: 'Big', stage: 'Proposal', amount: '1234567.50', closeDate: '2027-01-31' });
    await makeOpportunity(t.db, { accountId: account.id, ownerId: rep.id, opportunityName: 'Lost', stage: 'Closed Lost', amount: '10.00', closeDate: '2026-10-01', closedAt: new Date() });
    const { rows } = await records(`/api/exports/opportunities.csv?accountId=${account.id}&stage=Proposal&stage=Negotiation&open=true`);
    const [header, big] = rows;
    expect(rows).toHaveLength(2);
    expect(big![header!.indexOf('Amount')]).toBe('1234567.50');
    expect(big![header!.indexOf('Close date')]).toBe('2027-01-31');
    expect(big![header!.indexOf('Account')]).toBe('Deal Co');
  });

  it('refuses without a session, an unknown entity and a bad filter', async () => {
    expect((await get('/api/exports/accounts.csv', {})).status).toBe(401);
    const unknown = await get('/api/exports/passwords.csv');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toMatch(/Exports: accounts, contacts, leads, opportunities/);
    const bad = await get('/api/exports/accounts.csv?sort=bogus');
    expect(bad.status).toBe(400);
  });
});

describe('a large export', () => {
  it('streams 100,000 accounts with flat memory', async () => {
    const batch = 5000;
    for (let start = 0; start < 100_000; start += batch) {
      await t.db.insert(accounts).values(
        Array.from({ length: batch }, (_, i) => ({ accountName: `Bulk ${String(start + i).padStart(6, '0')}`, ownerId: rep.id, industry: 'Bulk', region: 'EMEA' })),
      );
    }
    // What stays reachable after a full collection is what the export holds on to.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let sinceGc = 0;
    const res = await get('/api/exports/accounts.csv?industry=Bulk');
    const reader = res.body!.getReader();
    let lines = 0;
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      for (const b of value) if (b === 10) lines++;
      sinceGc += value.length;
      if (sinceGc > 1_000_000) {
        sinceGc = 0;
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    expect(lines).toBe(100_001);
    expect(bytes).toBeGreaterThan(10_000_000);
    // The file is over 10 MB and the rows as objects several times that: neither is ever held whole.
    expect((peak - baseline) / 1024 / 1024).toBeLessThan(16);
  }, 120_000);
});
