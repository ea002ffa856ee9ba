// Find anything from the keyboard: Ctrl+K or "/" opens the palette, typing finds records grouped by type,
// arrows and Enter open one; an empty palette lists what was opened lately; "?" lists the shortcuts.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { baseUrl, call, signedInPage } from './support/app';
import { launchBrowser, screenshot } from './support/browser';

let browser: Browser;
let page: Page;
let contactId: number;
let accountId: number;

beforeAll(async () => {
  browser = await launchBrowser();
  page = (await signedInPage(browser, inject('adminEmail'), inject('adminPassword'))).page;
  const account = await call<{ id: number }>(page, 'mutation', 'accounts.create', { accountName: 'Umbrella Corporation', website: 'https://umbrella.example' });
  accountId = account.id;
  const contact = await call<{ id: number }>(page, 'mutation', 'contacts.create', {
    firstName: 'Liam',
    lastName: 'Abbott',
    email: 'liam.abbott@umbrella.example',
    accountId: account.id,
  });
  contactId = contact.id;
  await call(page, 'mutation', 'contacts.create', { firstName: 'Liam', lastName: 'Zimmer', email: 'lz@elsewhere.example' });
});

afterAll(async () => {
  await browser?.close();
});

const palette = () => page.getByRole('dialog', { name: 'Search and commands' });

describe('command palette', () => {
  it('finds a person by name from the keyboard and opens them', async () => {
    await page.goto(`${baseUrl}/accounts`);
    await page.getByRole('heading', { name: 'Accounts' }).waitFor();
    await page.keyboard.press('Control+k');
    await palette().waitFor();
    await page.keyboard.type('liam abb');
    const option = palette().getByRole('option', { name: /Liam Abbott/ });
    await option.waitFor();
    expect(await palette().getByRole('option', { name: /Liam Zimmer/ }).count()).toBe(0);
    expect(await option.textContent()).toContain('Umbrella Corporation');
    await screenshot(page, 'palette-search');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/contacts/${contactId}$`));
    await page.getByRole('heading', { name: 'Liam Abbott' }).waitFor();
    expect(await palette().isVisible()).toBe(false);
  });

  it('opens with "/" on recently viewed records, and arrows choose among them', async () => {
    await page.goto(`${baseUrl}/accounts/${accountId}`);
    await page.getByRole('heading', { name: 'Umbrella Corporation' }).waitFor();
    await page.goto(`${baseUrl}/opportunities`);
    await page.getByRole('heading', { name: 'Opportunities' }).waitFor();
    await page.keyboard.press('/');
    const recent = palette().getByRole('group', { name: 'Recently viewed' });
    await recent.getByRole('option').first().waitFor();
    // Newest first; other test files may have opened more records as the same admin before this one.
    expect((await recent.getByRole('option').allTextContents()).slice(0, 2)).toEqual([
      expect.stringContaining('Umbrella Corporation'),
      expect.stringContaining('Liam Abbott'),
    ]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/contacts/${contactId}$`));
  });

  it('runs an action: log a call on the record on screen', async () => {
    await page.getByRole('heading', { name: 'Liam Abbott' }).waitFor();
    await page.getByRole('button', { name: /Search/ }).click();
    await page.keyboard.type('log a call');
    const action = palette().getByRole('option', { name: 'Log a call on this contact' });
    await expect.poll(() => action.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    const composer = page.getByRole('form', { name: 'Log an activity' });
    await expect.poll(() => composer.getByRole('radio', { name: 'Call' }).getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('subject');
    expect(new URL(page.url()).search).toBe('');
  });

  it('lists the shortcuts under "?"', async () => {
    await page.locator('body').click({ position: { x: 5, y: 400 } });
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.textContent()).toContain('Search and commands');
    await page.keyboard.press('Escape');
    await expect.poll(() => help.isVisible()).toBe(false);
  });
});
