// Segment playbooks in a real browser: a playbook started by a shared saved view of leads, with a set-a-field step,
// its audience previewed, switched on, and the lead's status changed by the step.
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

describe('segment playbooks', () => {
  it('builds a playbook on a shared saved view with a set-a-field step, previews, switches it on and the step sets the status', async () => {
    await signIn(page, inject('adminEmail'), inject('adminPassword'));
    const lead = await call<{ id: number }>(page, 'mutation', 'leads.create', { firstName: 'Sage', lastName: 'Segment', company: 'Segmentia', leadSource: 'E2E segment', status: 'New' });
    await call(page, 'mutation', 'views.save', { list: 'leads', name: 'New from E2E segment', params: { status: 'New', leadSource: 'E2E segment' }, shared: true });
    await call(page, 'mutation', 'views.save', { list: 'leads', name: 'My private E2E view', params: { status: 'New' }, shared: false });

    // The Leads list reads the view's query the same way (shared/viewFilters.ts): the one lead.
    await page.goto(`${baseUrl}/leads?status=New&leadSource=${encodeURIComponent('E2E segment')}`);
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Sage Segment' }).count(), { timeout: 10_000 }).toBe(1);
    await page.goto(`${baseUrl}/leads?status=Working&leadSource=${encodeURIComponent('E2E segment')}`);
    await expect.poll(() => page.getByText('No leads match these filters').count(), { timeout: 10_000 }).toBe(1);

    await page.goto(`${baseUrl}/automation/new`);
    await page.getByLabel('Name').fill('E2E segment follow-up');
    await page.getByLabel('Starts when', { exact: true }).selectOption('entersSegment');
    await expect.poll(() => page.locator('.audience-preview').textContent()).toContain('Finish the trigger');
    const views = page.getByLabel('Saved view');
    // Only shared views are offered.
    await expect.poll(async () => (await views.locator('option').allTextContents()).join('|'), { timeout: 10_000 }).toContain('New from E2E segment');
    expect((await views.locator('option').allTextContents()).join('|')).not.toContain('My private E2E view');
    // Saving without a view says so next to the field.
    await page.locator('#step-0-subject').fill('Call {{lead.firstName}}');
    await page.getByRole('button', { name: 'Save playbook' }).click();
    await expect.poll(() => page.getByText('Choose a saved view', { exact: true }).count()).toBe(1);
    expect(await views.getAttribute('aria-invalid')).toBe('true');
    await views.selectOption({ label: 'New from E2E segment' });
    await expect.poll(() => page.locator('.audience-preview').textContent(), { timeout: 10_000 }).toMatch(/Would enrol 1 lead now \(Sage Segment\).*enters the view "New from E2E segment"/);

    await page.locator('#step-0-type').selectOption('setField');
    await page.locator('#step-0-field').selectOption('status');
    await page.locator('#step-0-value').selectOption('Working');
    await page.locator('#step-0-value').scrollIntoViewIfNeeded();
    await screenshot(page, 'segments-editor');
    await page.getByRole('button', { name: 'Save playbook' }).click();

    await page.getByRole('button', { name: 'Switch on' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toContain('It enrols 1 lead at once');
    await dialog.getByRole('button', { name: 'Switch on' }).click();
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Sage Segment' }).count(), { timeout: 10_000 }).toBe(1);

    // The worker runs the step: the lead is Working, and the change is on its page.
    await expect.poll(async () => (await call<{ status: string }>(page, 'query', 'leads.getById', { id: lead.id })).status, { timeout: 20_000, interval: 1_000 }).toBe('Working');
    await page.reload();
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Sage Segment' }).textContent(), { timeout: 10_000 }).toMatch(/Completed/i);
    await screenshot(page, 'segments-playbook-on');
    expect(blocked).toEqual([]);
  });
});
