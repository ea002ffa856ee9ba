// Playbook email in a real browser: an email step with an A/B variant built in the editor, switched on for a lead;
// without SMTP (as the browser tests run) the send is tracked as a task to the owner, shown on the enrolment and in
// the email results; the daily limit set in Settings -> Organisation; an unsubscribe link that was changed.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, signIn } from './support/app';
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

describe('playbook email', () => {
  it('builds an email step with variant B, and shows the tracked send on the enrolment and in the results', async () => {
    await signIn(page, inject('adminEmail'), inject('adminPassword'));
    await call(page, 'mutation', 'leads.create', { firstName: 'Ava', lastName: 'Bee', company: 'Split Testing Ltd', email: 'ava@split-testing.example', leadSource: 'E2E AB form', status: 'New' });
    await page.goto(`${baseUrl}/automation/new`);
    await page.getByLabel('Name').fill('E2E A/B email');
    await page.getByLabel('Starts when', { exact: true }).selectOption('leadArrives');
    await page.getByLabel('Lead source').fill('E2E AB form');
    await page.locator('#step-0-type').selectOption('sendEmail');
    await page.locator('#step-0-subject').fill('Hello {{lead.firstName}}');
    await page.locator('#step-0-body').fill('Hi {{lead.firstName}},\n\nShall we talk?\n{{owner.name}}');
    await page.getByRole('button', { name: 'Add variant B (A/B test)' }).click();
    await page.getByLabel('Subject B').fill('Quick question, {{lead.nickname}}');
    await page.getByLabel('Share sent B (%)').fill('40');
    await page.getByRole('button', { name: 'Save playbook' }).click();
    // The unknown variable in variant B is refused on its own field.
    await expect.poll(() => page.locator('#step-0-subjectB-error').textContent(), { timeout: 10_000 }).toMatch(/Unknown variable \{\{lead.nickname\}\}/);
    await screenshot(page, 'playbook-email-variant-error');
    await page.getByLabel('Subject B').fill('Quick question, {{lead.firstName}}');
    await page.getByRole('button', { name: 'Save playbook' }).click();
    await page.getByRole('button', { name: 'Switch on' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Switch on' }).click();
    // Enrolled by the switch itself (a reload before its answer would cut it off).
    await page.getByText('Switched on: 1 lead enrolled').waitFor({ timeout: 15_000 });
    // No SMTP in the browser tests: the worker gives the owner the email as a task and tracks it.
    await expect.poll(async () => {
      await page.reload();
      return (await page.getByRole('row').filter({ hasText: 'Ava Bee' }).textContent({ timeout: 5_000 }).catch(() => null)) ?? '';
    }, { timeout: 30_000, interval: 1_000 }).toContain('Email as a task');
    const results = page.getByRole('region', { name: 'Email results' });
    await expect.poll(() => results.textContent(), { timeout: 10_000 }).toContain('1 given to the owner as a task');
    await results.scrollIntoViewIfNeeded();
    await screenshot(page, 'playbook-email-results');
    // The lead's Playbooks panel shows the same send.
    await page.getByRole('link', { name: 'Ava Bee' }).click();
    const panel = page.getByRole('region', { name: 'Playbooks' });
    await expect.poll(() => panel.textContent(), { timeout: 10_000 }).toContain('Email as a task');
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'playbook-email-lead-panel');
    expect(blocked).toEqual([]);
  });

  it('sets the daily limit in Settings -> Organisation, and answers a changed unsubscribe link plainly', async () => {
    await page.goto(`${baseUrl}/settings/organisation`);
    const limit = page.getByLabel('Emails per sender per day');
    await expect.poll(() => limit.inputValue(), { timeout: 10_000 }).toBe('200');
    await limit.fill('0');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByText('At least 1').count()).toBeGreaterThan(0);
    await limit.fill('150');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByText('Organisation settings saved').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await screenshot(page, 'playbook-email-settings');
    await page.reload();
    await expect.poll(() => page.getByLabel('Emails per sender per day').inputValue(), { timeout: 10_000 }).toBe('150');

    const response = await page.goto(`${baseUrl}/unsubscribe/${Buffer.from('someone@example.com').toString('base64url')}.${'x'.repeat(43)}`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('This link does not work');
    await screenshot(page, 'playbook-email-unsubscribe-invalid');
  });
});
