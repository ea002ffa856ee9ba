// The AI-suggested mapping of a file analysis in a real browser, against the fake Anthropic of the browser tests'
// server: a pipeline export with German headers (only "Amount" is known) is uploaded, Claude's suggestion names the
// analysis's own fields (created date and forecast category included), the user ticks and applies it, maps the
// rest by hand and gets the report. A fresh rep, so the admin's analyses (hygieneFile.e2e.ts) are not touched.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser, E2E_PASSWORD, signedInPage, signIn } from './support/app';
import { cspViolations, launchBrowser, screenshot } from './support/browser';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;
let blocked: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  const adminPage = await browser.newPage();
  await signIn(adminPage, inject('adminEmail'), inject('adminPassword'));
  const rep = await createUser(adminPage, 'rep', 'Fenja File');
  await adminPage.close();
  ({ page } = await signedInPage(browser, rep.email, E2E_PASSWORD));
  await page.setViewportSize({ width: 1440, height: 900 });
  blocked = cspViolations(page);
});

afterAll(async () => {
  await browser?.close();
});

const csv = [
  'Verkaufschance,Kunde,Phase,Amount,Abschlussdatum,Erstellt am,Prognosekategorie',
  'Kessler Rollout,Kessler GmbH,Angebot,12000,2026-12-20,2026-10-01,Pipeline',
  'Weber Erweiterung,Weber AG,Verhandlung,8000,2026-11-15,2026-09-12,Commit',
].join('\n');

describe('AI-suggested mapping of a file analysis', () => {
  it('suggests fields for German headers, applies the ticked ones and analyses the file', async () => {
    await page.goto(`${baseUrl}/hygiene/files`);
    await page.getByLabel('CSV or Excel file').setInputFiles({ name: 'pipeline-de.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload and map' }).click();
    await page.waitForURL(/\/hygiene\/files\/\d+$/);

    await page.getByText('6 columns match no field we recognise.').waitFor({ timeout: 30_000 });
    expect(await page.getByLabel('Column for Amount').inputValue()).toBe('Amount');
    expect(await page.getByLabel('Column for Opportunity name').inputValue()).toBe('');
    await page.getByRole('button', { name: 'Suggest a mapping with AI' }).click();
    const suggestions = page.getByRole('group', { name: /Claude suggests/ });
    await suggestions.waitFor();
    // The fake also names a field we do not have for the first column: the server dropped it.
    expect(await suggestions.getByRole('listitem').allTextContents()).toEqual([
      'Verkaufschance → Opportunity name',
      'Phase → Stage',
      'Abschlussdatum → Close date',
      'Erstellt am → Created date',
      'Prognosekategorie → Forecast category',
    ]);
    await screenshot(page, 'hygiene-file-ai-mapping');

    // Nothing changes before the user applies; an unticked pair stays out.
    expect(await page.getByLabel('Column for Stage').inputValue()).toBe('');
    await suggestions.getByLabel('Prognosekategorie → Forecast category').uncheck();
    await suggestions.getByRole('button', { name: 'Apply 4 of 5' }).click();
    expect(await page.getByLabel('Column for Opportunity name').inputValue()).toBe('Verkaufschance');
    expect(await page.getByLabel('Column for Stage').inputValue()).toBe('Phase');
    expect(await page.getByLabel('Column for Close date').inputValue()).toBe('Abschlussdatum');
    expect(await page.getByLabel('Column for Created date').inputValue()).toBe('Erstellt am');
    expect(await page.getByLabel('Column for Forecast category').inputValue()).toBe('');
    await page.getByText('2 columns match no field we recognise.').waitFor();

    // The rest by hand: the account, and the file's stages onto ours.
    await page.getByLabel('Column for Account (name, domain or id)').selectOption('Kunde');
    await page.getByLabel('Our stage for Angebot').selectOption('Proposal');
    await page.getByLabel('Our stage for Verhandlung').selectOption('Negotiation');
    await expect.poll(() => page.getByText(/not mapped yet/).isVisible()).toBe(false);
    const analyse = page.getByRole('button', { name: 'Analyse 2 rows' });
    await expect.poll(() => analyse.isEnabled()).toBe(true);
    await analyse.click();

    await expect.poll(() => page.getByRole('table', { name: 'Results by rule' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.getByText('This is your first analysis kept').isVisible()).toBe(true);
    expect(blocked).toEqual([]);
  });
});
