// The stage gate in a real browser: a jump of two stages asks for the fields those stages expect; one is
// filled, the other skipped with a reason; the stage path then shows the jumped stage as skipped. The board
// shows each column's count, total and weighted total, and its card menu and keyboard moves pass the gate too;
// so do the list's inline stage edit and a bulk stage change, which takes one reason for all the deals.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { baseUrl, call, dateInDays } from './support/app';
import { cspViolations, launchBrowser, screenshot } from './support/browser';

let browser: Browser;
let page: Page;
let blocked: string[];
const dealName = 'Initech gate rollout';

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  blocked = cspViolations(page);
  await page.goto(baseUrl);
  await page.getByLabel('Email').fill(inject('adminEmail'));
  await page.getByLabel('Password').fill(inject('adminPassword'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: 15_000 });
});

afterAll(async () => {
  await browser?.close();
});

describe('stage gate', () => {
  it('asks for the empty fields of a two-stage jump, keeps the skip reason and shows the skipped stage', async () => {
    const account = await call<{ id: number }>(page, 'mutation', 'accounts.create', { accountName: 'Initech Gate Inc' });
    const deal = await call<{ id: number }>(page, 'mutation', 'opportunities.create', {
      opportunityName: dealName,
      accountId: account.id,
      stage: 'Discovery',
      amount: '40000',
      closeDate: dateInDays(30),
    });
    await page.goto(`${baseUrl}/opportunities/${deal.id}`);
    const path = page.getByRole('navigation', { name: 'Stage' });
    await path.getByRole('button', { name: 'PoC/Trial' }).click();

    const dialog = page.getByRole('dialog', { name: 'Before PoC/Trial' });
    await dialog.getByLabel('Identified pain').fill('Quarter close takes nine days');
    expect(await dialog.getByLabel('Decision criteria').inputValue()).toBe('');
    // Leaving a field empty needs a reason.
    await dialog.getByRole('button', { name: 'Skip and move to PoC/Trial' }).click();
    await dialog.getByText('Say why these fields stay empty').waitFor();
    await dialog.getByLabel('Reason for skipping').fill('Criteria arrive with the RFP');
    await screenshot(page, 'stage-gate-dialog');
    await dialog.getByRole('button', { name: 'Skip and move to PoC/Trial' }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(false);

    await expect.poll(() => path.getByRole('button', { name: 'PoC/Trial' }).getAttribute('aria-current'), { timeout: 10_000 }).toBe('step');
    await path.getByRole('button', { name: 'Solution/Demo (skipped)' }).waitFor({ timeout: 10_000 });
    expect(await path.getByRole('button', { name: 'Discovery (passed)' }).count()).toBe(1);
    await page.getByText('Skipped Decision criteria: “Criteria arrive with the RFP”').waitFor();
    // The filled field was saved with the move.
    await page.getByText('Quarter close takes nine days').first().waitFor();
    await screenshot(page, 'stage-gate-path');
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    await screenshot(page, 'stage-gate-path-dark');
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
  });

  it('shows column totals on the board and moves a card by its menu (through the gate) and by keyboard', async () => {
    await page.goto(`${baseUrl}/opportunities/board?q=${encodeURIComponent('Initech gate')}`);
    const poc = page.getByRole('group', { name: 'PoC/Trial' });
    const card = poc.getByRole('listitem', { name: dealName });
    await card.waitFor({ timeout: 15_000 });
    const totals = poc.locator('.opp-column__totals');
    await expect.poll(() => totals.textContent()).toBe('Total$40,000Weighted$16,000');
    expect((await poc.locator('.opp-column__count').textContent())?.startsWith('1')).toBe(true);
    await screenshot(page, 'stage-gate-board');

    // Three stages forward: the gate confirms the jump and asks for the economic buyer and paper process.
    await card.getByRole('button', { name: `Move ${dealName} to another stage` }).click();
    await page.getByRole('menu').getByRole('menuitem', { name: /Negotiation/ }).waitFor();
    await screenshot(page, 'stage-gate-board-menu');
    await page.getByRole('menu').getByRole('menuitem', { name: /Negotiation/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Before Negotiation' });
    await dialog.getByText('This moves the deal 3 stages forward at once, past Security Review, Proposal.').waitFor();
    expect(await dialog.getByLabel('Paper process').count()).toBe(1);
    await dialog.getByLabel('Reason for skipping').fill('Buyer named at the next meeting');
    await dialog.getByRole('button', { name: 'Skip and move to Negotiation' }).click();
    // The dialog stays (modal) until the server has the move: the card shows in its column before that.
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(false);
    const negotiation = page.getByRole('group', { name: 'Negotiation' });
    await negotiation.getByRole('listitem', { name: dealName }).waitFor({ timeout: 10_000 });
    await expect.poll(() => negotiation.locator('.opp-column__totals').textContent()).toBe('Total$40,000Weighted$34,000');
    await page.waitForLoadState('networkidle');

    // Shift+Left moves it back one stage, which asks nothing.
    await negotiation.getByRole('listitem', { name: dealName }).getByRole('link', { name: dealName }).focus();
    await page.keyboard.press('Shift+ArrowLeft');
    await page.getByRole('group', { name: 'Proposal' }).getByRole('listitem', { name: dealName }).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'stage-gate-board-moved');
  });

  it('asks in the edit form too, and saves the answer with the form', async () => {
    await page.getByRole('group', { name: 'Proposal' }).getByRole('link', { name: dealName }).click();
    await page.getByRole('link', { name: 'Edit', exact: true }).first().click();
    await page.waitForURL(/\/edit$/);
    await page.getByRole('combobox', { name: 'Stage', exact: true }).selectOption('Negotiation');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const dialog = page.getByRole('dialog', { name: 'Before Negotiation' });
    // Only the paper process: the economic buyer belongs to Proposal, which the deal is already in.
    await dialog.getByLabel('Paper process').fill('Legal review, then DocuSign by the CFO');
    expect(await dialog.getByLabel('Economic buyer').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Move to Negotiation' }).click();
    await page.waitForURL(/\/opportunities\/\d+$/);
    const path = page.getByRole('navigation', { name: 'Stage' });
    await expect.poll(() => path.getByRole('button', { name: 'Negotiation' }).getAttribute('aria-current'), { timeout: 10_000 }).toBe('step');
    await page.getByText('Legal review, then DocuSign by the CFO').first().waitFor();
    expect(blocked).toEqual([]);
  });

  it("asks in the list's inline stage edit, and a bulk change takes one reason for the deals it moves", async () => {
    const account = await call<{ id: number }>(page, 'mutation', 'accounts.create', { accountName: 'Initrode Bulk Ltd' });
    const names = ['Initrode bulk north', 'Initrode bulk south'];
    for (const opportunityName of names) {
      await call(page, 'mutation', 'opportunities.create', { opportunityName, accountId: account.id, stage: 'Discovery', closeDate: dateInDays(20) });
    }
    await page.goto(`${baseUrl}/opportunities?q=${encodeURIComponent('Initrode bulk')}`);
    const table = page.getByRole('table', { name: 'Opportunities' });
    const north = table.locator('tbody tr', { hasText: names[0] });
    await north.waitFor({ timeout: 15_000 });

    // Inline: the cell's choice asks the same dialog as the board; cancelling leaves the deal where it was.
    await north.getByRole('button', { name: 'Edit Stage' }).click();
    await north.getByRole('combobox', { name: 'Stage' }).selectOption('Solution/Demo');
    const inline = page.getByRole('dialog', { name: 'Before Solution/Demo' });
    await inline.getByLabel('Identified pain').waitFor({ timeout: 10_000 });
    await inline.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => north.getByRole('button', { name: 'Edit Stage' }).textContent()).toContain('Discovery');

    await page.getByRole('checkbox', { name: 'Select all shown' }).check();
    await page.getByLabel('Change stage').selectOption('PoC/Trial');
    const bulk = page.getByRole('dialog', { name: 'Set stage of 2 deals to PoC/Trial?' });
    await bulk.getByText(`${names[0]}: Identified pain, Decision criteria`).waitFor({ timeout: 10_000 });
    await bulk.getByRole('button', { name: 'Change' }).click();
    await bulk.getByText('Say why these fields stay empty').waitFor();
    await bulk.getByLabel('Reason for skipping').fill('Both come from the joint workshop');
    await screenshot(page, 'stage-gate-bulk');
    await bulk.getByRole('button', { name: 'Change' }).click();
    await expect.poll(() => bulk.isVisible(), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => north.getByRole('button', { name: 'Edit Stage' }).textContent(), { timeout: 10_000 }).toContain('PoC/Trial');

    await north.getByRole('link', { name: names[0] }).click();
    await page.getByText('Skipped Identified pain, Decision criteria: “Both come from the joint workshop”').waitFor({ timeout: 10_000 });
    expect(blocked).toEqual([]);
  });
});
