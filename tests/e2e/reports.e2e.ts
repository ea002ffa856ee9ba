// Reports in a real browser: build a grouped report with a filter and a total, watch the preview and chart,
// see a field-level error, save, run (the run is listed), schedule it weekly, and export the CSV.
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { baseUrl, call, dateInDays, signedInPage } from './support/app';
import { cspViolations, launchBrowser, screenshot } from './support/browser';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let blocked: string[];
// Names no other browser test uses: every file shares one server and one admin.
const tag = `Rpt${randomBytes(3).toString('hex')}`;

beforeAll(async () => {
  browser = await launchBrowser();
  ({ context, page } = await signedInPage(browser, inject('adminEmail'), inject('adminPassword')));
  blocked = cspViolations(page);
  const account = await call<{ id: number }>(page, 'mutation', 'accounts.create', { accountName: `${tag} Industries` });
  const deal = (name: string, stage: string, amount: string) =>
    call(page, 'mutation', 'opportunities.create', { opportunityName: `${tag} ${name}`, accountId: account.id, stage, amount, closeDate: dateInDays(20) });
  await deal('alpha', 'Discovery', '1000.00');
  await deal('beta', 'Discovery', '2500.50');
  await deal('gamma', 'Proposal', '400.25');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

const results = () => page.getByRole('table', { name: 'Report results' });
const resultRows = async () => (await results().locator('tbody tr').allInnerTexts()).map((r) => r.split('\t').map((c) => c.trim()));

describe('reports', () => {
  it('builds, saves, runs, schedules and exports a grouped report', async () => {
    await page.goto(baseUrl);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('link', { name: 'New report' }).first().click();
    await page.waitForURL(/\/reports\/new$/);

    // A filter with a bad value shows its message beside the filter.
    await page.getByLabel('Add a filter').selectOption({ label: 'Amount' });
    await page.getByLabel('Filter 1 value').fill('12.345');
    await expect.poll(() => page.getByText('Amount needs an amount with up to 2 decimals').isVisible(), { timeout: 15_000 }).toBe(true);
    await screenshot(page, 'report-field-error');
    await page.getByRole('button', { name: 'Remove filter 1' }).click();

    await page.getByLabel('Add a filter').selectOption({ label: 'Opportunity name' });
    await page.getByLabel('Filter 1 value').fill(tag);
    await page.getByLabel('Groups with totals').check();
    expect(await page.getByLabel('Group 1 field').inputValue()).toBe('stage');
    await page.getByRole('button', { name: '+ Total' }).click();
    expect(await page.getByLabel('Total 2 field').inputValue()).toBe('amount');

    await expect.poll(resultRows, { timeout: 15_000 }).toEqual([
      ['Discovery', '2', '$3,500.50'],
      ['Proposal', '1', '$400.25'],
    ]);
    await expect.poll(() => page.getByRole('img', { name: /Sum of Amount by Stage/ }).isVisible(), { timeout: 15_000 }).toBe(true);

    await page.getByLabel('Name', { exact: true }).fill(`${tag} pipeline by stage`);
    await page.getByRole('button', { name: 'Save report' }).click();
    await page.waitForURL(/\/reports\/\d+$/);
    const reportId = Number(new URL(page.url()).pathname.split('/').pop());
    await expect.poll(() => page.getByRole('heading', { name: `${tag} pipeline by stage` }).isVisible(), { timeout: 15_000 }).toBe(true);

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const runs = page.getByRole('table', { name: 'Last runs' });
    await expect.poll(() => runs.locator('tbody tr').first().innerText(), { timeout: 15_000 }).toMatch(/Run by .*\n?.*Done\s+2/s);
    await screenshot(page, 'report-saved');

    // Schedule it: weekly on Friday at 07:00 in the admin's zone.
    await page.getByLabel('Frequency').selectOption('weekly');
    await page.getByLabel('Weekday').selectOption({ label: 'on Friday' });
    await page.getByLabel('Hour').selectOption({ label: 'at 07:00' });
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await expect.poll(() => page.getByText(/^Weekly on Friday at 07:00 \(.+\)\. Next run /).isVisible(), { timeout: 15_000 }).toBe(true);
    await screenshot(page, 'report-scheduled');

    // Export: the link the page offers, fetched with the page's session.
    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(href).toBe(`/api/reports/${reportId}/export.csv`);
    const csv = await page.request.get(`${baseUrl}${href}`);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).replace(/^\ufeff/, '').split('\r\n').slice(0, 3)).toEqual(['Stage,Count,Sum of Amount', 'Discovery,2,3500.50', 'Proposal,1,400.25']);

    // The list shows it with its last run.
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Reports' }).click();
    const row = page.getByRole('row', { name: new RegExp(`${tag} pipeline by stage`) });
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toMatch(/Opportunities, grouped.*Weekly on Friday at 07:00/s);
    expect(await row.getByRole('link', { name: `Export ${tag} pipeline by stage as CSV` }).getAttribute('href')).toBe(`/api/reports/${reportId}/export.csv`);
    await screenshot(page, 'reports-list');
    expect(blocked).toEqual([]);
  });
});
