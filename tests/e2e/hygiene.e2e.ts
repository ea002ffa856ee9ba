// A rep's hygiene loop in a real browser: a deal whose close date has passed shows the result and a lower
// health; the fix from the result sets a new date, the result disappears and the health rises.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, dateInDays, signIn } from './support/app';
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

describe('hygiene', () => {
  it('fixes a past close date from its result: the result disappears and the health rises', async () => {
    await signIn(page, inject('adminEmail'), inject('adminPassword'));
    const account = await call<{ id: number }>(page, 'mutation', 'accounts.create', { accountName: 'Initech Hygiene' });
    const deal = await call<{ id: number }>(page, 'mutation', 'opportunities.create', {
      opportunityName: 'Initech renewal',
      accountId: account.id,
      stage: 'Prospecting',
      amount: '12000',
      closeDate: dateInDays(-3),
    });

    // The incremental scan the create enqueued runs within a second or two.
    await page.goto(`${baseUrl}/opportunities/${deal.id}`);
    const panel = page.getByRole('region', { name: 'Deal health' });
    const result = panel.locator('[data-rule-id="close_date_past"]');
    await expect.poll(async () => {
      if (await result.count()) return true;
      await page.reload();
      return false;
    }, { timeout: 15_000, interval: 1_000 }).toBe(true);
    const score = async () => Number(await panel.getByTestId('health-badge').locator('.health__score').textContent());
    const before = await score();
    expect(before).toBeLessThan(100);
    await expect.poll(() => result.textContent()).toContain('has passed');
    await screenshot(page, 'hygiene-deal-before-fix');

    await result.getByRole('button', { name: 'Set close date' }).click();
    await result.getByLabel('New close date').fill(dateInDays(30));
    await result.getByRole('button', { name: 'Save fix' }).click();

    await expect.poll(() => panel.locator('[data-rule-id="close_date_past"]').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(score).toBe(before + 25);
    await screenshot(page, 'hygiene-deal-after-fix');
    expect(blocked).toEqual([]);
  });
});
