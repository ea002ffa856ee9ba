// Closing deals asks why: a lost deal takes its primary reason as the loss reason, a won one is asked after
// the move; the win/loss page then counts both by reason and competitor. The record is edited afterwards on
// the deal's page (a field refused by the server says so on the field), and another team's manager sees it
// read-only.
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

async function signIn(email: string, password: string) {
  await page.goto(baseUrl);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation').first().waitFor({ timeout: 15_000 });
}

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  blocked = cspViolations(page);
  await signIn(inject('adminEmail'), inject('adminPassword'));
});

afterAll(async () => {
  await browser?.close();
});

const dealIds: Record<string, number> = {};

async function closeDeal(name: string, stage: 'Closed Won' | 'Closed Lost', reason: string, competitor: string) {
  const account = await call<{ id: number }>('accounts.create', { accountName: `${name} Inc` });
  const deal = await call<{ id: number }>('opportunities.create', { opportunityName: name, accountId: account.id, stage: 'Negotiation', amount: '42000', closeDate: new Date().toISOString().slice(0, 10) });
  dealIds[name] = deal.id;
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

  it('edits the record on the deal’s page, refusing an over-long field on the field, and shows it read-only to another team’s manager', async () => {
    await page.goto(`${baseUrl}/opportunities/${dealIds['Hooli archive']}`);
    const panel = page.getByRole('region', { name: 'Win/loss' });
    await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toContain('Price');
    expect(await panel.textContent()).toContain('Pied Piper');
    await panel.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel('Primary reason').inputValue()).toBe('Price');
    expect(await dialog.getByLabel('Lessons').inputValue()).toBe('Lesson from Hooli archive');
    await dialog.getByLabel('Primary reason').selectOption('Missing features');
    // The server's limit, named on its field.
    await dialog.getByLabel('Lessons').fill('x'.repeat(5001));
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Must be at most 5000 characters').waitFor({ timeout: 10_000 });
    await screenshot(page, 'win-loss-edit-error');
    await dialog.getByLabel('Lessons').fill('Offline mode was the gap');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => panel.textContent()).toContain('Missing features');
    expect(await panel.textContent()).toContain('Offline mode was the gap');
    // The deal's loss reason followed.
    await expect.poll(() => page.getByRole('region', { name: 'Details' }).textContent()).toContain('Missing features');
    await screenshot(page, 'win-loss-edited');

    // A manager with no say over the admin's deal reads it, with no Edit.
    const suffix = Math.random().toString(36).slice(2, 8);
    const outsider = { email: `otto.${suffix}@e2e.test`, password: 'other-team-42', name: `Otto Outsider ${suffix}` };
    await call('users.create', { ...outsider, role: 'manager' });
    await page.context().clearCookies();
    await signIn(outsider.email, outsider.password);
    await page.goto(`${baseUrl}/opportunities/${dealIds['Hooli archive']}`);
    await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toContain('Offline mode was the gap');
    expect(await panel.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    expect(await panel.textContent()).toContain('Read-only');
    expect(blocked).toEqual([]);
  });
});
