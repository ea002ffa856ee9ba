// One timeline per record: a logged call shows at once (and Last activity with it), an edit shows as a
// change with its before and after, and an admin finds the change in Settings -> Audit log.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { baseUrl, call, dateInDays, signIn } from './support/app';
import { cspViolations, launchBrowser, screenshot } from './support/browser';

let browser: Browser;
let page: Page;
let blocked: string[];
const suffix = Math.random().toString(36).slice(2, 7);

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  blocked = cspViolations(page);
});

afterAll(async () => {
  await browser?.close();
});

describe('record timeline', () => {
  it('shows a just-logged call and an edit on the deal without a reload, and the edit in the audit log', async () => {
    await signIn(page, inject('adminEmail'), inject('adminPassword'));
    const account = await call<{ id: number }>(page, 'mutation', 'accounts.create', { accountName: `Vandelay Timeline ${suffix}` });
    const deal = await call<{ id: number }>(page, 'mutation', 'opportunities.create', {
      opportunityName: `Vandelay import ${suffix}`,
      accountId: account.id,
      stage: 'Prospecting',
      amount: '12000',
      closeDate: dateInDays(40),
    });

    await page.goto(`${baseUrl}/opportunities/${deal.id}`);
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText(/created this deal/).waitFor();
    const lastActivity = page.locator('.properties__row', { hasText: 'Last activity' });
    expect((await lastActivity.textContent())?.includes('—')).toBe(true);

    const composer = timeline.getByRole('form', { name: 'Log an activity' });
    await composer.getByRole('radio', { name: 'Call' }).click();
    await composer.getByLabel('Subject').fill(`Pricing call ${suffix}`);
    await composer.getByRole('button', { name: 'Log call' }).click();
    await timeline.getByText(`Pricing call ${suffix}`).waitFor({ timeout: 10_000 });
    await expect.poll(() => lastActivity.textContent()).not.toContain('—');
    await screenshot(page, 'timeline-after-call');

    await page.goto(`${baseUrl}/opportunities/${deal.id}/edit`);
    await page.getByLabel('Amount').fill('15500');
    await page.getByRole('button', { name: /Save/ }).click();
    await page.waitForURL(new RegExp(`/opportunities/${deal.id}$`));
    const change = timeline.locator('.activity--change', { hasText: 'Amount' });
    await change.waitFor({ timeout: 10_000 });
    expect(await change.textContent()).toMatch(/12,000.*→.*15,500/);

    await timeline.getByRole('radio', { name: 'Changes' }).click();
    await expect.poll(() => timeline.getByText(`Pricing call ${suffix}`).count()).toBe(0);
    await expect.poll(() => timeline.locator('.activity--change').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'timeline-changes');

    await page.goto(`${baseUrl}/settings/audit-log`);
    await page.getByLabel('Record type').selectOption('opportunity');
    await page.waitForURL(/type=opportunity/);
    // Every row shown is about an opportunity once the filtered page has loaded.
    await expect
      .poll(async () => {
        const rows = await page.locator('tbody tr').allTextContents();
        return rows.length > 0 && rows.every((text) => text.includes('Opportunity'));
      }, { timeout: 10_000 })
      .toBe(true);
    const row = page.getByRole('row', { name: new RegExp(`Vandelay import ${suffix}`) }).filter({ hasText: 'Changed' }).first();
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain('15500.00');
    await screenshot(page, 'settings-audit-log');
    expect(blocked).toEqual([]);
  });
});
