// Analysing a file in a real browser: upload a HubSpot deals export, map its custom stages on the preview, see
// the report (health, results by rule, the deals), then upload the next export and see what changed.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cspViolations, launchBrowser, screenshot } from './support/browser';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;
let blocked: string[];

const stageChoices: [string, string][] = [
  ['Closed: abandoned', 'Closed Lost'],
  ['Opportunity identified', 'Discovery'],
  ['On hold / future opportunity', 'Prospecting'],
  ['Awaiting outcome', 'Proposal'],
  ['Awaiting procurement', 'Negotiation'],
  ['Awaiting event', 'Solution/Demo'],
];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  blocked = cspViolations(page);
});

afterAll(async () => {
  await browser?.close();
});

async function uploadAndMap(file: string, name: string, rows: number) {
  await page.getByRole('link', { name: 'Analyse a file' }).first().click();
  await page.waitForURL(/\/hygiene\/files$/);
  await page.getByLabel('CSV or Excel file').setInputFiles({ name, mimeType: 'text/csv', buffer: (await import('node:fs')).readFileSync(path.resolve('tests/fixtures/real', file)) });
  await page.getByRole('button', { name: 'Upload and map' }).click();
  await page.waitForURL(/\/hygiene\/files\/\d+$/);
  const analyse = page.getByRole('button', { name: `Analyse ${rows} rows` });
  await analyse.waitFor({ timeout: 30_000 });
  expect(await page.getByLabel('Column for Opportunity name').inputValue()).toBe('Deal Name');
  expect(await page.getByLabel('Column for Loss reason').inputValue()).toBe('Closed Lost Reason');
  expect(await page.getByLabel('Our stage for Closed: lost').inputValue()).toBe('Closed Lost');
  for (const [value, stage] of stageChoices) {
    const select = page.getByLabel(`Our stage for ${value}`);
    if ((await select.count()) > 0) await select.selectOption(stage);
  }
  await expect.poll(() => page.getByText(/not mapped yet/).isVisible()).toBe(false);
  return analyse;
}

describe('analyse a file', () => {
  it('analyses a HubSpot deals export without importing it and shows the report', async () => {
    await page.goto(baseUrl);
    await page.getByLabel('Email').fill(inject('adminEmail'));
    await page.getByLabel('Password').fill(inject('adminPassword'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('navigation').first().isVisible(), { timeout: 15_000 }).toBe(true);

    const analyse = await uploadAndMap('hubspot-marvell-deals-2023-04-03.csv', 'hubspot-crm-exports-all-deals-2023-04-03.csv', 87);
    // The export's day, from HubSpot's file name.
    expect(await page.getByLabel('Evaluate as of').inputValue()).toBe('2023-04-03');
    await screenshot(page, 'hygiene-file-mapping');
    await analyse.click();

    const summary = page.getByRole('definition').filter({ has: page.getByTestId('health-badge') }).first();
    await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toMatch(/79\s*At risk/);
    const byRule = page.getByRole('table', { name: 'Results by rule' });
    await expect.poll(() => byRule.getByRole('row').filter({ hasText: 'closed_lost_no_reason' }).textContent()).toMatch(/Warning\s*41$/);
    await expect.poll(() => byRule.getByRole('row').filter({ hasText: 'close_date_past' }).textContent()).toMatch(/Critical\s*30$/);
    expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toMatch(/^\/api\/hygiene\/analyses\/\d+\/findings\.csv$/);
    await expect.poll(() => page.getByText('This is your first analysis kept').isVisible()).toBe(true);
    await screenshot(page, 'hygiene-file-report');

    // The deals of one rule, with their health.
    await byRule.getByRole('button', { name: 'close_date_past' }).click();
    const deals = page.getByRole('table', { name: 'Deals in the file' });
    await expect.poll(() => page.getByText('30 deals').isVisible()).toBe(true);
    await expect.poll(async () => (await deals.getByRole('row').count()) - 1).toBe(30);
    await expect.poll(() => deals.getByRole('row').nth(1).textContent()).toMatch(/Close date \d{4}-\d{2}-\d{2} has passed/);
    expect(blocked).toEqual([]);
  });

  it('compares the next export with the previous one', async () => {
    const analyse = await uploadAndMap('hubspot-marvell-deals-2023-05-09.csv', 'hubspot-crm-exports-all-deals-2023-05-09.csv', 84);
    await analyse.click();
    await expect.poll(() => page.getByTestId('health-change').textContent(), { timeout: 30_000 }).toBe('-2');
    await expect.poll(() => page.getByRole('term').filter({ hasText: 'New results' }).locator('xpath=following-sibling::dd').textContent()).toBe('18');
    await expect.poll(() => page.getByRole('term').filter({ hasText: 'Resolved' }).locator('xpath=following-sibling::dd').textContent()).toBe('21');
    await screenshot(page, 'hygiene-file-compare');

    await page.getByRole('link', { name: 'Analyse a file' }).first().click();
    await expect.poll(() => page.getByRole('link', { name: 'hubspot-crm-exports-all-deals-2023-05-09.csv' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('link', { name: 'hubspot-crm-exports-all-deals-2023-04-03.csv' }).isVisible()).toBe(true);
    expect(blocked).toEqual([]);
  });
});
