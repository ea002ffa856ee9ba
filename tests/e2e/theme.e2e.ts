// Light and dark: the system's scheme is followed until the user chooses; the choice is kept on the server,
// so another browser signing in as them opens dark too, and a reload paints dark from the first frame.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { baseUrl, call, createUser, E2E_PASSWORD, signIn } from './support/app';
import { cspViolations, launchBrowser, screenshot } from './support/browser';

let browser: Browser;
let admin: Page;
const suffix = Math.random().toString(36).slice(2, 7);

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await signIn(admin, inject('adminEmail'), inject('adminPassword'));
});

afterAll(async () => {
  await browser?.close();
});

const themeOf = (page: Page) => page.evaluate(() => document.documentElement.getAttribute('data-theme'));

describe('theme', () => {
  it('follows the system, switches in the user menu, and is kept for the user in another browser', async () => {
    const rep = await createUser(admin, 'rep', `Theo Theme ${suffix}`);
    const account = await call<{ id: number }>(admin, 'mutation', 'accounts.create', { accountName: `Darkwater ${suffix}`, ownerId: rep.id });
    const deal = await call<{ id: number }>(admin, 'mutation', 'opportunities.create', {
      opportunityName: `Darkwater expansion ${suffix}`,
      accountId: account.id,
      ownerId: rep.id,
      stage: 'Discovery',
      amount: '30000',
    });

    // A system in dark mode: the sign-in page is dark before anyone chooses.
    const darkSystem = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
    const first = await darkSystem.newPage();
    const blocked = cspViolations(first);
    await first.goto(baseUrl);
    expect(await themeOf(first)).toBe('dark');
    await screenshot(first, 'dark-sign-in');
    await signIn(first, rep.email, E2E_PASSWORD);
    await darkSystem.close();

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    const page = await context.newPage();
    await signIn(page, rep.email, E2E_PASSWORD);
    expect(await themeOf(page)).toBe('light');

    await page.getByRole('button', { name: new RegExp(`Theo Theme ${suffix}`) }).click();
    const dark = page.getByRole('menuitemradio', { name: 'Dark' });
    expect(await page.getByRole('menuitemradio', { name: 'Match system' }).getAttribute('aria-checked')).toBe('true');
    await dark.click();
    expect(await themeOf(page)).toBe('dark');
    await screenshot(page, 'dark-my-day');

    // A reload paints dark from the first frame: /theme.js runs before the app's script.
    await page.reload({ waitUntil: 'commit' });
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-theme'));
    expect(await themeOf(page)).toBe('dark');

    for (const [path, name] of [
      ['/opportunities', 'dark-opportunities'],
      [`/opportunities/${deal.id}`, 'dark-opportunity-detail'],
      ['/accounts', 'dark-accounts'],
      [`/accounts/${account.id}`, 'dark-account-detail'],
      ['/tasks', 'dark-tasks'],
      ['/opportunities/board', 'dark-board'],
    ] as const) {
      await page.goto(`${baseUrl}${path}`);
      await page.getByRole('main').waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, name);
    }
    await context.close();

    // Another browser with a light system: the user's choice wins once they sign in.
    const elsewhere = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    const second = await elsewhere.newPage();
    await signIn(second, rep.email, E2E_PASSWORD);
    await expect.poll(() => themeOf(second)).toBe('dark');
    await second.getByRole('button', { name: new RegExp(`Theo Theme ${suffix}`) }).click();
    expect(await second.getByRole('menuitemradio', { name: 'Dark' }).getAttribute('aria-checked')).toBe('true');
    await second.getByRole('menuitemradio', { name: 'Light' }).click();
    expect(await themeOf(second)).toBe('light');
    await elsewhere.close();
    expect(blocked).toEqual([]);
  });
});
