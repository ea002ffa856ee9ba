// Settings -> Fields: an admin adds an industry, the account form offers it at once, and a rename shows on
// the account that holds it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { baseUrl, signIn } from './support/app';
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

describe('picklists', () => {
  it('adds an industry in Settings -> Fields, picks it on a new account, and renames it everywhere', async () => {
    await signIn(page, inject('adminEmail'), inject('adminPassword'));
    await page.goto(`${baseUrl}/settings/fields`);
    const industry = page.getByRole('region', { name: 'Industry' });
    await industry.getByLabel('New industry value').fill(`Aerospace ${suffix}`);
    await industry.getByRole('button', { name: 'Add' }).click();
    await industry.getByRole('list', { name: 'Industry values' }).getByText(`Aerospace ${suffix}`).waitFor();
    // The same value again, in another case, is refused beside the field.
    await industry.getByLabel('New industry value').fill(`AEROSPACE ${suffix}`);
    await industry.getByRole('button', { name: 'Add' }).click();
    await industry.getByText(`“Aerospace ${suffix}” is already on the list`).waitFor();
    await screenshot(page, 'settings-fields');

    await page.goto(`${baseUrl}/accounts/new`);
    await page.getByLabel('Account name').fill(`Skyward ${suffix}`);
    await page.getByLabel('Industry').selectOption(`Aerospace ${suffix}`);
    await screenshot(page, 'account-form-picklist');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/accounts\/\d+$/);
    const accountUrl = page.url();
    await page.locator('.properties__row', { hasText: 'Industry' }).getByText(`Aerospace ${suffix}`).waitFor();

    await page.goto(`${baseUrl}/settings/fields`);
    await industry.getByRole('button', { name: `Rename Aerospace ${suffix}` }).click();
    await industry.getByLabel(`New name for Aerospace ${suffix}`).fill(`Aerospace & Defence ${suffix}`);
    await industry.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/1 record updated/).waitFor();

    await page.goto(accountUrl);
    await page.locator('.properties__row', { hasText: 'Industry' }).getByText(`Aerospace & Defence ${suffix}`).waitFor();
    expect(blocked).toEqual([]);
  });
});
