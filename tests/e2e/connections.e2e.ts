// Settings -> Connections in a real browser: connect Google through the OAuth consent (a local fake Google),
// see the mailbox with its health, choose what colleagues see, and keep an address out with the blocklist.
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

describe('connections', () => {
  it('connects Gmail, shows its health, sets the sharing level and manages the blocklist', async () => {
    await page.goto(baseUrl);
    await page.getByLabel('Email').fill(inject('adminEmail'));
    await page.getByLabel('Password').fill(inject('adminPassword'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('navigation').first().isVisible(), { timeout: 15_000 }).toBe(true);

    await page.goto(`${baseUrl}/settings/connections`);
    await expect.poll(() => page.getByText('No mailbox connected').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Connect Google' }).click();
    await page.waitForURL(/\/settings\/connections\?connected=google/);
    await expect.poll(() => page.getByText(/Google connected/).isVisible()).toBe(true);
    const card = page.getByRole('listitem').filter({ hasText: inject('adminEmail') });
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
});
