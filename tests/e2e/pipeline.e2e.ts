// A rep's core loop in a real browser: sign in, create an account and a deal, drag the deal to another stage,
// reload, and find it where it was dropped.
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

/** Drags with real mouse events: Playwright's dragTo scrolls first and can lose a card bound for a far column. */
async function dragCard(from: ReturnType<Page['getByRole']>, to: ReturnType<Page['getByRole']>) {
  await from.scrollIntoViewIfNeeded();
  const box = await from.boundingBox();
  if (!box) throw new Error('card is not visible');
  await from.hover();
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 10, box.y + box.height / 2 + 10);
  await to.hover();
  await page.mouse.up();
}

describe('pipeline', () => {
  it('signs in, creates an account and a deal, and moves the deal by drag and drop', async () => {
    const document = await page.goto(baseUrl);
    // The app runs under its real CSP: nothing it needs may be blocked (checked at the end).
    expect(document?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByLabel('Email').fill(inject('adminEmail'));
    await page.getByLabel('Password').fill(inject('adminPassword'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('navigation').first().isVisible(), { timeout: 15_000 }).toBe(true);

    await page.goto(`${baseUrl}/accounts/new`);
    await page.getByLabel('Account name').fill('Globex Corporation');
    await page.getByLabel('Website').fill('https://www.globex.example');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/accounts\/\d+$/);
    await expect.poll(() => page.getByRole('heading', { name: 'Globex Corporation' }).isVisible()).toBe(true);
    await screenshot(page, 'account-detail');

    await page.goto(`${baseUrl}/opportunities/new`);
    await page.getByLabel('Opportunity name').fill('Globex platform rollout');
    const account = page.getByRole('combobox', { name: 'Account' });
    await account.fill('Globex');
    await page.getByRole('option', { name: /Globex Corporation/ }).click();
    await page.getByLabel('Amount').fill('48000');
    await page.getByLabel('Close date').fill('2027-03-31');
    await page.getByRole('button', { name: 'Create opportunity' }).click();
    await page.waitForURL(/\/opportunities\/\d+$/);
    await screenshot(page, 'opportunity-detail');

    await page.goto(`${baseUrl}/opportunities/board`);
    const card = page.getByRole('list', { name: 'Prospecting' }).getByRole('listitem', { name: 'Globex platform rollout' });
    await card.waitFor();
    await dragCard(card, page.getByRole('list', { name: 'Solution/Demo' }));
    // Solution/Demo expects an identified pain: the stage gate asks for it before the move.
    const gate = page.getByRole('dialog', { name: 'Before Solution/Demo' });
    await gate.getByLabel('Identified pain').fill('Regional rollouts take a quarter each');
    await gate.getByRole('button', { name: 'Move to Solution/Demo' }).click();
    await expect
      .poll(() => page.getByRole('list', { name: 'Solution/Demo' }).getByRole('listitem', { name: 'Globex platform rollout' }).count())
      .toBe(1);
    // Wait for the server to accept the move before reloading.
    await expect.poll(() => card.count()).toBe(0);
    await page.waitForLoadState('networkidle');

    await page.reload();
    const moved = page.getByRole('list', { name: 'Solution/Demo' }).getByRole('listitem', { name: 'Globex platform rollout' });
    await moved.waitFor({ timeout: 15_000 });
    expect(await page.getByRole('list', { name: 'Prospecting' }).getByRole('listitem', { name: 'Globex platform rollout' }).count()).toBe(0);
    await screenshot(page, 'opportunity-board');
    expect(blocked).toEqual([]);
  });
});
