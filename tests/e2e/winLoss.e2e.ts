// Closing deals asks why: a lost deal takes its primary reason as the loss reason, a won one is asked after
// the move; the win/loss page then counts both by reason and competitor.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cspViolations, launchBrowser, screenshot } from './support/browser';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;
let blocked: string[];

async function call<T>(path: string, input: unknown): Promise<T> {
  const response = await page.request.post(`${baseUrl}/trpc/${path}`, { data: { json: input }, headers: { Origin: baseUrl } });
  const body = (await response.json()) as { result?: { data: { json: T } }; error?: unknown };
  if (!body.result) throw new Error(`${path} failed: ${JSON.stringify(body.error)}`);
  return body.result.data.json;
}

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  blocked = cspViolations(page);
  await page.goto(baseUrl);
  await page.getByLabel('Email').fill(inject('adminEmail'));
  await page.getByLabel('Password').fill(inject('adminPassword'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation').first().waitFor({ timeout: 15_000 });
});

afterAll(async () => {
  await browser?.close();
});

async function closeDeal(name: string, stage: 'Closed Won' | 'Closed Lost', reason: string, competitor: string) {
  const account = await call<{ id: number }>('accounts.create', { accountName: `${name} Inc` });
  const deal = await call<{ id: number }>('opportunities.create', { opportunityName: name, accountId: account.id, stage: 'Negotiation', amount: '42000', closeDate: new Date().toISOString().slice(0, 10) });
  await page.goto(`${baseUrl}/opportunities/${deal.id}`);
  await page.getByRole('navigation', { name: 'Stage' }).getByRole('button', { name: stage }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Primary reason').selectOption(reason);
  await dialog.getByLabel('Competitor').fill(competitor);
  await dialog.getByLabel('Lessons').fill(`Lesson from ${name}`);
  await screenshot(page, `win-loss-dialog-${stage === 'Closed Won' ? 'won' : 'lost'}`);
  await dialog.getByRole('button', { name: stage === 'Closed Won' ? 'Save' : 'Mark as Closed Lost' }).click();
  await expect.poll(() => dialog.isVisible()).toBe(false);
  await expect.poll(() => page.getByRole('navigation', { name: 'Stage' }).getByRole('button', { name: stage }).getAttribute('aria-current')).toBe('step');
}

describe('win/loss', () => {
  it('asks why on closing, and the win/loss page counts the answers', async () => {
    await closeDeal('Hooli platform', 'Closed Won', 'Product fit', 'Pied Piper');
    await closeDeal('Hooli archive', 'Closed Lost', 'Price', 'Pied Piper');

    await page.getByRole('link', { name: 'Win/loss' }).click();
    const competitors = page.getByRole('table', { name: 'Win rate by competitor' });
    const row = competitors.getByRole('row').filter({ hasText: 'Pied Piper' });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain('50%');
    await expect.poll(() => page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    await page.getByText('Lesson from Hooli archive').waitFor();

    await row.getByRole('button', { name: 'Pied Piper' }).click();
    const deals = page.getByRole('table', { name: 'Deals behind: Against Pied Piper' });
    await deals.getByRole('link', { name: 'Hooli archive', exact: true }).waitFor();
    expect(await deals.getByRole('row').count()).toBe(3);
    await screenshot(page, 'win-loss');
    expect(blocked).toEqual([]);
  });
});
