// GET /api/reports/<id>/export.csv over real HTTP: the saved report as the signed-in user may see it, every
// cell written safely (formula injection, unicode, commas, quotes, newlines, nulls), grouped reports too,
// each export logged as a run, and refusals for no session or someone else's private report.
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportExecutions } from '../../../drizzle/schema';
import { userActor, type SessionUser } from '../../../server/lib/actor';
import { saveReport } from '../../../server/reports/savedReports';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser, TEST_PASSWORD } from '../../helpers/factories/users';
import { startTestServer } from '../../helpers/http';
import { signInCookie } from '../../helpers/signIn';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: SessionUser;
let other: SessionUser;
let cookie: string;
let otherCookie: string;

const hostile = ['=HYPERLINK("http://evil.example","x")', '+1-555', '@SUM(A1)', 'Zoë 名前 🚀', 'Comma, Inc.', 'Quote "Q" Ltd', 'Line one\nLine two'];

beforeAll(async () => {
  server = await startTestServer(t);
  owner = await makeUser(t.db, { name: 'Csv Owner' });
  other = await makeUser(t.db, { name: 'Csv Other' });
  cookie = await signInCookie(server, owner.email, TEST_PASSWORD, '192.0.2.150');
  otherCookie = await signInCookie(server, other.email, TEST_PASSWORD, '192.0.2.151');
  const account = await makeAccount(t.db, { ownerId: owner.id, accountName: 'Csv Account' });
  for (const [i, name] of hostile.entries()) {
    await makeOpportunity(t.db, { ownerId: owner.id, accountId: account.id, opportunityName: name, amount: i === 0 ? null : `${i}000.50`, closeDate: '2026-12-0' + (i + 1), stage: i % 2 ? 'Proposal' : 'Discovery' });
  }
});
afterAll(async () => {
  await server?.close();
});

const get = (path: string, c = cookie) => fetch(`${server.baseUrl}${path}`, { headers: c ? { cookie: c } : {} });
async function csv(path: string) {
  const res = await get(path);
  expect(res.status).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return { res, text: bytes.subarray(3).toString('utf8') };
}

describe('report CSV export', () => {
  it('writes a list report with human headers, safe cells, plain decimals, ISO dates and empty nulls, and logs it', async () => {
    const report = await saveReport(t.db, userActor(owner), { name: 'Csv deals: “all”', definition: { entity: 'opportunities', columns: ['opportunityName', 'amount', 'closeDate', 'accountName'], filters: [{ field: 'accountName', op: 'eq', value: 'Csv Account' }], sort: [{ by: 'closeDate', direction: 'asc' }] } }, new Date());
    const { res, text } = await csv(`/api/reports/${report.id}/export.csv`);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('x-export-schema-version')).toBe('1');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="csv-deals-all-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = parse(text) as string[][];
    expect(rows[0]).toEqual(['Opportunity name', 'Amount', 'Close date', 'Account']);
    expect(rows.slice(1)).toEqual([
      [`'=HYPERLINK("http://evil.example","x")`, '', '2026-12-01', 'Csv Account'],
      ["'+1-555", '1000.50', '2026-12-02', 'Csv Account'],
      ["'@SUM(A1)", '2000.50', '2026-12-03', 'Csv Account'],
      ['Zoë 名前 🚀', '3000.50', '2026-12-04', 'Csv Account'],
      ['Comma, Inc.', '4000.50', '2026-12-05', 'Csv Account'],
      ['Quote "Q" Ltd', '5000.50', '2026-12-06', 'Csv Account'],
      ['Line one\nLine two', '6000.50', '2026-12-07', 'Csv Account'],
    ]);
    expect(text.split('\r\n')[0]).toBe('Opportunity name,Amount,Close date,Account');
    const [run] = await t.db.select().from(reportExecutions).where(eq(reportExecutions.reportId, report.id));
    expect(run).toMatchObject({ trigger: 'export', status: 'succeeded', rowCount: 7, runById: owner.id });

    const titled = await csv(`/api/reports/${report.id}/export.csv?title=1`);
    expect(titled.text.split('\r\n')[0]).toMatch(/^Csv deals: “all” \(csv-deals-all-\d{4}-\d{2}-\d{2}\.csv\)$/);
  });

  it('exports a grouped report as its groups and totals', async () => {
    const report = await saveReport(t.db, userActor(owner), { name: 'Csv by stage', shared: true, definition: { entity: 'opportunities', filters: [{ field: 'accountName', op: 'eq', value: 'Csv Account' }], groupBy: [{ field: 'stage' }], aggregates: [{ fn: 'count' }, { fn: 'sum', field: 'amount' }] } }, new Date());
    // A shared report exports for anyone, as themselves.
    const { text } = await csv(`/api/reports/${report.id}/export.csv`);
    expect(parse(text)).toEqual([
      ['Stage', 'Count', 'Sum of Amount'],
      ['Discovery', '4', '12001.50'],
      ['Proposal', '3', '9001.50'],
    ]);
    expect((await get(`/api/reports/${report.id}/export.csv`, otherCookie)).status).toBe(200);
  });

  it('refuses without a session, and someone else’s private report is not found', async () => {
    const report = await saveReport(t.db, userActor(owner), { name: 'Csv private', definition: { entity: 'accounts', columns: ['accountName'] } }, new Date());
    expect((await get(`/api/reports/${report.id}/export.csv`, '')).status).toBe(401);
    const theirs = await get(`/api/reports/${report.id}/export.csv`, otherCookie);
    expect(theirs.status).toBe(404);
    expect(((await theirs.json()) as { message: string }).message).toBe('Report not found');
    expect((await get('/api/reports/abc/export.csv')).status).toBe(404);
  });
});
