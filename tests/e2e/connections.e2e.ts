// Settings -> Connections in a real browser: connect Google and Microsoft through their OAuth consent (local fakes),
// see each mailbox with its health and calendar, choose what colleagues see, keep an address out with the
// blocklist, and (admins) the failed deliveries.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cspViolations, launchBrowser, screenshot } from './support/browser';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;
let blocked: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  // The fake Microsoft's consent page is https with the test run's self-signed certificate.
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, ignoreHTTPSErrors: true });
  blocked = cspViolations(page);
});

afterAll(async () => {
  await browser?.close();
});

describe('connections', () => {
  it('connects Gmail, shows its health, sets the sharing level and manages the blocklist', async () => {
    await page.goto(baseUrl);
    await page.getByLabel('Email').fill(inject('adminEmail'));
    await page.getByLabel('Password').fill(inject('adminPassword'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('navigation').first().isVisible(), { timeout: 15_000 }).toBe(true);

    await page.goto(`${baseUrl}/settings/connections`);
    await page.getByRole('link', { name: 'Connect Google' }).click();
    await page.waitForURL(/\/settings\/connections\?connected=google/);
    await expect.poll(() => page.getByText(/Google connected/).isVisible()).toBe(true);
    const card = page.getByRole('listitem').filter({ hasText: inject('adminEmail') }).filter({ hasText: 'Google' });
    await expect.poll(() => card.first().isVisible()).toBe(true);
    // The first sync runs in the worker and finds an empty mailbox.
    await expect.poll(() => card.first().getByText(/last sync/).isVisible(), { timeout: 20_000 }).toBe(true);
    await screenshot(page, 'connections');

    await card.first().getByLabel('Colleagues see').selectOption('metadata');
    await expect.poll(() => page.getByText('Sharing level saved').isVisible()).toBe(true);

    const field = page.getByLabel('Address or @domain');
    await field.fill('not an address');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => page.getByText(/Enter an address like/).first().isVisible()).toBe(true);
    await field.fill('@competitor.example');
    await page.getByLabel('For').selectOption('org');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => page.getByText('@competitor.example').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Remove @competitor.example' }).click();
    await expect.poll(() => page.getByText('Nothing blocked yet.').isVisible()).toBe(true);
    expect(blocked).toEqual([]);
  });

  it('connects Outlook through Microsoft\'s consent: the mailbox and its calendar, and admins see failed deliveries', async () => {
    await page.goto(`${baseUrl}/settings/connections`);
    if (await page.getByLabel('Password').isVisible().catch(() => false)) {
      await page.getByLabel('Email').fill(inject('adminEmail'));
      await page.getByLabel('Password').fill(inject('adminPassword'));
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.goto(`${baseUrl}/settings/connections`);
    }
    const microsoftCard = page.locator('.connect-card').filter({ hasText: 'Outlook mail and calendar' });
    await expect.poll(() => microsoftCard.getByRole('link', { name: 'Connect Microsoft' }).isVisible(), { timeout: 15_000 }).toBe(true);
    await screenshot(page, 'connections-providers');
    await microsoftCard.getByRole('link', { name: 'Connect Microsoft' }).click();
    await page.waitForURL(/\/settings\/connections\?connected=microsoft/);
    await expect.poll(() => page.getByText(/Microsoft connected/).isVisible()).toBe(true);
    const card = page.getByRole('listitem').filter({ hasText: inject('outlookMailbox') });
    await expect.poll(() => card.first().isVisible()).toBe(true);
    await expect.poll(() => card.first().getByText('Microsoft', { exact: false }).first().isVisible()).toBe(true);
    // The first sync reads the mailbox and the calendar (the worker; an empty Outlook here).
    await expect.poll(() => card.first().getByText(/last sync/).isVisible(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => card.first().getByText(/Outlook calendar: 0 meetings captured/).isVisible(), { timeout: 20_000 }).toBe(true);
    // The app runs on an http PUBLIC_URL and Graph pushes only to https: no subscription, and the page says so.
    await expect.poll(() => card.first().getByText(/push off/).isVisible()).toBe(true);
    await expect.poll(() => card.first().getByText(/Microsoft sends change notifications only to an https PUBLIC_URL/).isVisible()).toBe(true);
    expect(await card.first().getByText(/push on/).count()).toBe(0);
    await expect.poll(() => microsoftCard.getByText(/Microsoft sends change notifications only to an https PUBLIC_URL it can reach/).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('heading', { name: /Failed deliveries and sync errors/ }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Nothing failed. Every notification received has been synced.').isVisible()).toBe(true);
    await card.first().scrollIntoViewIfNeeded();
    await screenshot(page, 'connections-outlook');
    expect(blocked).toEqual([]);
  });
});
