// Settings -> AI prompts in a real browser: an admin edits Ask the CRM's prompt (a bad placeholder is refused beside
// the field), saves the next version, runs an experiment against the active one with the figures side by side,
// and ends it keeping the active version, so the shared server's prompts are as they were.
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

describe('AI prompts', () => {
  it('saves a new prompt version, runs an experiment with both versions side by side, and keeps the active one', async () => {
    const suffix = Math.random().toString(36).slice(2, 8);
    await signIn(page, inject('adminEmail'), inject('adminPassword'));
    await page.goto(`${baseUrl}/settings`);
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: /AI prompts/ }).click();
    await page.waitForURL(`${baseUrl}/settings/ai-prompts`);
    const reviewVersions = page.getByRole('table', { name: 'Deal review prompt versions' });
    await reviewVersions.getByText('deal-review/1').waitFor();
    await screenshot(page, 'ai-prompts-deal-review');

    await page.getByRole('tab', { name: 'Ask the CRM' }).click();
    const versions = page.getByRole('table', { name: 'Ask the CRM prompt versions' });
    const active = versions.getByRole('row').filter({ hasText: 'Active' });
    const activeLabel = (await active.locator('.prompt-version__label').textContent())!;
    await page.getByRole('button', { name: 'Edit prompt' }).click();
    const editor = page.getByRole('form', { name: 'Edit the Ask the CRM prompt' });
    const text = editor.getByLabel('System prompt');
    expect(await text.inputValue()).toContain('{{userName}}');
    await text.fill(`${await text.inputValue()}\nGreet {{customerName}}.`);
    await editor.getByRole('button', { name: 'Save version' }).click();
    await editor.getByText('Unknown placeholder {{customerName}}').waitFor();
    await screenshot(page, 'ai-prompts-editor-error');

    await text.fill(`${(await text.inputValue()).replace('\nGreet {{customerName}}.', '')}\nAnswer in one short paragraph.`);
    await editor.getByLabel('What changed').fill(`Shorter answers ${suffix}`);
    await editor.getByRole('button', { name: 'Save version' }).click();
    const saved = versions.getByRole('row').filter({ hasText: `Shorter answers ${suffix}` });
    await saved.waitFor();
    const savedLabel = (await saved.locator('.prompt-version__label').textContent())!;
    // Saved, not in use yet.
    expect(await saved.textContent()).not.toContain('Active');

    const start = page.getByRole('form', { name: 'Start an experiment on the Ask the CRM prompt' });
    await start.getByLabel('Challenger').selectOption({ label: `${savedLabel} – Shorter answers ${suffix}` });
    await start.getByLabel('Share of users (%)').fill('30');
    await start.getByRole('button', { name: 'Start experiment' }).click();
    const figures = page.getByRole('table', { name: 'Ask the CRM experiment figures' });
    await figures.waitFor();
    expect(await figures.getByRole('columnheader').allTextContents()).toEqual(['Figure', `${activeLabel} (control, 70%)`, `${savedLabel} (challenger, 30%)`]);
    expect(await figures.getByRole('rowheader').allTextContents()).toEqual(['Calls', 'Errors', 'Stopped', 'Tokens in', 'Tokens out', 'Avg latency', 'Helpful', 'Not helpful']);
    await page.getByRole('tab', { name: /Ask the CRM · experiment running/ }).waitFor();
    await screenshot(page, 'ai-prompts-experiment');

    await page.getByRole('button', { name: `Keep ${activeLabel}` }).click();
    await page.getByText('Earlier experiments').waitFor();
    await start.waitFor();
    expect(await versions.getByRole('row').filter({ hasText: 'Active' }).locator('.prompt-version__label').textContent()).toBe(activeLabel);
    expect(blocked).toEqual([]);
  });
});
