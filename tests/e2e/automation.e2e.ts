// Playbooks in a real browser: build a two-step playbook, preview its audience, switch it on, and find the
// enrolment on the playbook's page and the deal's, with the first step's task on the deal's timeline; then a lead
// playbook with a wait-until step, its audience previewed, switched on, its lead waiting on the wait.
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

describe('automation', () => {
  it('builds a two-step playbook, previews its audience, switches it on and shows the enrolment and its first task', async () => {
    await signIn(page, inject('adminEmail'), inject('adminPassword'));
    const account = await call<{ id: number }>(page, 'mutation', 'accounts.create', { accountName: 'Umbrella Automation' });
    const deal = await call<{ id: number }>(page, 'mutation', 'opportunities.create', {
      opportunityName: 'Umbrella security rollout',
      accountId: account.id,
      stage: 'Security Review',
      amount: '30000',
      closeDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    });

    await page.goto(`${baseUrl}/automation`);
    await page.getByRole('link', { name: 'New playbook' }).click();
    await page.getByLabel('Name').fill('Security review follow-up');
    await page.getByLabel('Starts when', { exact: true }).selectOption('dealEntersStage');
    await page.getByLabel('Stage the deal enters').selectOption('Security Review');
    await page.getByLabel('Task', { exact: true }).fill('Send the questionnaire for {{opportunity.opportunityName}}');
    await page.getByRole('button', { name: 'Add a step' }).click();
    await page.locator('#step-1-type').selectOption('notifyOwner');
    await page.locator('#step-1-message').fill('Chase the security answers at {{account.accountName}}');
    await expect.poll(() => page.locator('.audience-preview').textContent(), { timeout: 10_000 }).toMatch(/Would enrol \d+ deals? now.*then each time: A deal enters Security Review/);
    expect(await page.locator('.audience-preview').textContent()).toContain('Umbrella security rollout');
    await page.getByRole('button', { name: 'Save playbook' }).click();

    await page.getByRole('button', { name: 'Switch on' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Switch on' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Umbrella security rollout' });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await screenshot(page, 'automation-playbook-on');

    await page.goto(`${baseUrl}/opportunities/${deal.id}`);
    const panel = page.getByRole('region', { name: 'Playbooks' });
    await expect.poll(() => panel.textContent(), { timeout: 10_000 }).toContain('Security review follow-up');
    // The worker runs the first step (T+0) within seconds: the task is on the deal's timeline.
    await expect.poll(async () => {
      if ((await page.getByText('Send the questionnaire for Umbrella security rollout').count()) > 0) return true;
      await page.reload();
      return false;
    }, { timeout: 20_000, interval: 1_000 }).toBe(true);
    expect(await panel.textContent()).toContain('Step 2 of 2');
    await screenshot(page, 'automation-deal-enrolment');
    expect(blocked).toEqual([]);
  });

  it('builds a lead playbook with a wait-until step, previews its audience, switches it on and the lead waits', async () => {
    const lead = await call<{ id: number }>(page, 'mutation', 'leads.create', {
      firstName: 'Wren',
      lastName: 'Waiting',
      company: 'Waitrose Analytics',
      email: 'wren@waitrose-analytics.example',
      leadSource: 'E2E form',
      status: 'New',
    });
    await page.goto(`${baseUrl}/automation/new`);
    await page.getByLabel('Name').fill('E2E form follow-up');
    await page.getByLabel('Starts when', { exact: true }).selectOption('leadArrives');
    await page.getByLabel('Lead source').fill('E2E form');
    await expect.poll(() => page.locator('.audience-preview').textContent(), { timeout: 10_000 }).toMatch(/Would enrol 1 lead now \(Wren Waiting\)/);
    // Lead variables are offered, deal ones refused.
    expect(await page.locator('form[aria-label="Playbook"]').textContent()).toContain('{{lead.company}}');
    await page.getByLabel('Task', { exact: true }).fill('Call {{lead.firstName}} at {{lead.company}}');
    await page.getByRole('button', { name: 'Add a step' }).click();
    await page.locator('#step-1-type').selectOption('waitUntil');
    await page.locator('#step-1-amount').fill('0');
    await page.locator('#step-1-condition').selectOption('reply');
    await page.locator('#step-1-timeout').fill('3');
    await page.locator('#step-1-timeoutUnit').selectOption('businessDays');
    await page.locator('#step-1-onTimeout').selectOption('exit');
    await page.getByRole('button', { name: 'Add a step' }).click();
    await page.locator('#step-2-type').selectOption('notifyOwner');
    await page.locator('#step-2-amount').fill('0');
    await page.locator('#step-2-message').fill('{{lead.firstName}} replied: book the call');
    await page.getByRole('button', { name: 'Save playbook' }).click();

    await page.getByRole('button', { name: 'Switch on' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toContain('It enrols 1 lead at once');
    await dialog.getByRole('button', { name: 'Switch on' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Wren Waiting' });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    // The worker runs the task, then the wait begins: the enrolment is on step 2, due at the timeout.
    await expect.poll(async () => {
      await page.reload();
      return (await page.getByRole('row').filter({ hasText: 'Wren Waiting' }).textContent()) ?? '';
    }, { timeout: 20_000, interval: 1_000 }).toMatch(/Step 2 of 3/);
    expect(await page.getByRole('link', { name: 'Wren Waiting' }).getAttribute('href')).toBe(`/leads/${lead.id}`);
    await screenshot(page, 'automation-lead-wait');
    expect(blocked).toEqual([]);
  });
});
