// The AI-suggested import mapping in a real browser, against the fake Anthropic of the browser tests' server: a
// leads file with German headers matches almost nothing, Claude's suggestion is shown for the user to tick, and
// only what the user applies lands in the mapping (a pair naming a field we do not have never shows).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signIn } from './support/app';
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

describe('AI-suggested import mapping', () => {
  it('suggests fields for unknown headers and applies only the ticked ones', async () => {
    const suffix = Math.random().toString(36).slice(2, 8);
    await signIn(page, inject('adminEmail'), inject('adminPassword'));
    await page.goto(`${baseUrl}/imports/new`);
    await page.getByText('Leads (prospects)').click();
    const csv = `Vorname,Nachname,Firma,Email,Telefon\nAnna,Schmidt,Kessler ${suffix} GmbH,anna.${suffix}@kessler.example,+49 30 1234567\n`;
    await page.getByLabel('CSV or Excel file').setInputFiles({ name: `leads-${suffix}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload' }).click();

    await page.getByText('4 columns match no field we recognise.').waitFor({ timeout: 30_000 });
    expect(await page.getByLabel('Column for Email').inputValue()).toBe('Email');
    expect(await page.getByLabel('Column for First name').inputValue()).toBe('');
    await page.getByRole('button', { name: 'Suggest a mapping with AI' }).click();
    const suggestions = page.getByRole('group', { name: /Claude suggests/ });
    await suggestions.waitFor();
    expect(await suggestions.getByRole('listitem').allTextContents()).toEqual(['Vorname → First name', 'Nachname → Last name', 'Firma → Company', 'Telefon → Phone']);
    await screenshot(page, 'ai-import-mapping');

    // Nothing changes before the user applies; an unticked pair stays out.
    expect(await page.getByLabel('Column for First name').inputValue()).toBe('');
    await suggestions.getByLabel('Telefon → Phone').uncheck();
    await suggestions.getByRole('button', { name: 'Apply 3 of 4' }).click();
    expect(await page.getByLabel('Column for First name').inputValue()).toBe('Vorname');
    expect(await page.getByLabel('Column for Last name').inputValue()).toBe('Nachname');
    expect(await page.getByLabel('Column for Company').inputValue()).toBe('Firma');
    expect(await page.getByLabel('Column for Phone').inputValue()).toBe('');
    await page.getByText('1 column (Telefon) matches no field we recognise.').waitFor();
    await page.getByRole('button', { name: 'Import 1 rows' }).waitFor();
    expect(blocked).toEqual([]);
  });
});
