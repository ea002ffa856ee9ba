// Importing in a real browser: upload a HubSpot companies export, accept the proposed mapping, watch the
// progress finish, and open an imported account; import deals whose stages need mapping, and open one.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cspViolations, launchBrowser, screenshot } from './support/browser';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;
let blocked: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  blocked = cspViolations(page);
});

afterAll(async () => {
  await browser?.close();
});

describe('imports', () => {
  it('imports a HubSpot companies export and opens an imported account', async () => {
    await page.goto(baseUrl);
    await page.getByLabel('Email').fill(inject('adminEmail'));
    await page.getByLabel('Password').fill(inject('adminPassword'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('navigation').first().isVisible(), { timeout: 15_000 }).toBe(true);

    await page.getByRole('link', { name: 'Imports' }).click();
    await page.getByRole('link', { name: 'New import' }).first().click();
    await page.getByLabel('CSV or Excel file').setInputFiles(path.resolve('tests/fixtures/real/hubspot-companies.csv'));
    await page.getByRole('button', { name: 'Upload' }).click();

    const start = page.getByRole('button', { name: 'Import 5,954 rows' });
    await start.waitFor({ timeout: 30_000 });
    // The proposed mapping, accepted as it is.
    expect(await page.getByLabel('Column for Account name').inputValue()).toBe('name');
    expect(await page.getByLabel('Column for Domain').inputValue()).toBe('domain');
    expect(await page.getByLabel('Column for External id').inputValue()).toBe('hs_object_id');
    await screenshot(page, 'import-mapping');
    await start.click();

    await page.waitForURL(/\/imports\/\d+$/);
    await expect.poll(() => page.getByTestId('rows-done').textContent(), { timeout: 60_000 }).toBe('5,954 / 5,954');
    await expect.poll(() => page.getByTestId('created-count').textContent()).toBe('5,953');
    await screenshot(page, 'import-done');

    await page.getByRole('link', { name: 'Lemon Perfect' }).click();
    await page.waitForURL(/\/accounts\/\d+$/);
    await expect.poll(() => page.getByRole('heading', { name: 'Lemon Perfect' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('lemonperfect.com').first().isVisible()).toBe(true);
    expect(blocked).toEqual([]);
  });

  it('imports deals, mapping a stage the file invents onto ours, and opens one', async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const csv = [
      'Record ID,Deal Name,Associated Company,Deal Stage,Amount,Close Date',
      `e2e-${tag}-1,Rollout ${tag},Stagecraft ${tag},Qualified To Buy,12000,2027-01-15`,
      `e2e-${tag}-2,Renewal ${tag},Stagecraft ${tag},closedwon,8000,2026-11-30`,
      `e2e-${tag}-3,Expansion ${tag},Stagecraft ${tag},Stalled ${tag},5000,2027-02-01`,
    ].join('\n');
    await page.getByRole('link', { name: 'Imports' }).click();
    await page.getByRole('link', { name: 'New import' }).first().click();
    await page.getByLabel('Opportunities (deals)').check();
    await screenshot(page, 'import-entity-choice');
    await page.getByLabel('CSV or Excel file').setInputFiles({ name: `deals-${tag}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload' }).click();

    const stalled = page.getByLabel(`Our stage for Stalled ${tag}`);
    await stalled.waitFor({ timeout: 30_000 });
    expect(await page.getByLabel('Column for Account (name, domain or id)').inputValue()).toBe('Associated Company');
    expect(await page.getByLabel('Our stage for Qualified To Buy').inputValue()).toBe('Discovery');
    expect(await page.getByLabel('Our stage for closedwon').inputValue()).toBe('Closed Won');
    expect(await stalled.inputValue()).toBe('');
    await expect.poll(() => page.getByText('One stage of the file is not mapped yet').isVisible()).toBe(true);
    // The step below the fold, as the panel it is.
    await page.getByRole('region', { name: '3. Stages → our stages' }).screenshot({ path: path.resolve('test-results/screenshots/import-stage-mapping.png') });
    await stalled.selectOption('Negotiation');
    await expect.poll(() => page.getByText('One stage of the file is not mapped yet').isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Import 3 rows' }).click();

    await page.waitForURL(/\/imports\/\d+$/);
    await expect.poll(() => page.getByTestId('created-count').textContent(), { timeout: 60_000 }).toBe('3');
    await expect.poll(() => page.getByText('Stage mapping used').isVisible()).toBe(true);
    await screenshot(page, 'import-deals-done');
    await page.getByRole('link', { name: `Expansion ${tag}` }).click();
    await page.waitForURL(/\/opportunities\/\d+$/);
    await expect.poll(() => page.getByRole('heading', { name: `Expansion ${tag}` }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Negotiation').first().isVisible()).toBe(true);
    expect(blocked).toEqual([]);
  });
});
