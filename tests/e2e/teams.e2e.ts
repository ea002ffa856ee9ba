// Teams in a real browser: a manager takes a rep who is in no team into theirs (Settings -> Teams), then
// schedules a pipeline review of that rep and edits it into a deal-size review of the team; and the board's
// "My team only" shows the team's deals and not another rep's.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cspViolations, launchBrowser, screenshot } from './support/browser';
import { baseUrl, call, createUser, dateInDays, E2E_PASSWORD, signedInPage } from './support/app';

let browser: Browser;
const suffix = Math.random().toString(36).slice(2, 7);

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('teams', () => {
  it("lets a manager build their team and review one rep, then a deal size of the team's deals", async () => {
    const { page: adminPage } = await signedInPage(browser, inject('adminEmail'), inject('adminPassword'));
    const managerName = `Mona Manager ${suffix}`;
    const repName = `Remy Rep ${suffix}`;
    const manager = await createUser(adminPage, 'manager', managerName);
    await createUser(adminPage, 'rep', repName);

    const { page } = await signedInPage(browser, manager.email, E2E_PASSWORD);
    const blocked = cspViolations(page);
    await page.goto(`${baseUrl}/settings/teams`);
    const myTeam = page.getByRole('region', { name: 'My team', exact: true });
    await expect.poll(() => myTeam.getByText('No reps yet', { exact: false }).isVisible()).toBe(true);
    await screenshot(page, 'teams-empty-team');

    // The rep is in no team: choose "My team" with the keyboard-reachable select.
    const select = page.getByLabel(`Team of ${repName}`);
    await select.selectOption({ label: 'My team' });
    await expect.poll(() => page.getByText(`${repName} is now in ${managerName}’s team`).isVisible()).toBe(true);
    await expect.poll(() => myTeam.getByRole('cell', { name: repName }).isVisible()).toBe(true);
    await screenshot(page, 'teams');

    await page.goto(`${baseUrl}/settings/notifications`);
    await page.getByRole('button', { name: 'Schedule a review' }).click();
    const form = page.getByRole('form', { name: 'New pipeline review' });
    const reviewName = `Remy weekly ${suffix}`;
    await form.getByLabel('Name').fill(reviewName);
    await form.getByLabel('Review').selectOption({ label: 'One rep' });
    // Only the manager's own reps are offered.
    await expect.poll(() => form.getByLabel('Rep').locator('option').allTextContents()).toEqual(['Choose a rep', repName]);
    await form.getByLabel('Rep').selectOption({ label: repName });
    await form.getByRole('button', { name: 'Schedule review' }).click();
    const row = page.getByRole('row', { name: new RegExp(reviewName) });
    await expect.poll(() => row.getByRole('cell', { name: repName }).isVisible()).toBe(true);

    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: `Edit ${reviewName}` });
    await edit.getByLabel('Name').fill(`Large deals ${suffix}`);
    await edit.getByLabel('Review').selectOption({ label: 'A deal size' });
    await edit.getByLabel('Deal size').selectOption({ label: '$100,000 and over' });
    await edit.scrollIntoViewIfNeeded();
    await screenshot(page, 'pipeline-review-edit');
    await edit.getByRole('button', { name: 'Save review' }).click();
    const saved = page.getByRole('row', { name: new RegExp(`Large deals ${suffix}`) });
    await expect.poll(() => saved.getByRole('cell', { name: 'Deals $100,000 and over' }).isVisible()).toBe(true);
    await saved.scrollIntoViewIfNeeded();
    await screenshot(page, 'pipeline-reviews');
    expect(blocked).toEqual([]);
  });

  it("filters the board to the manager's team, and keeps the filter on the way to the table view", async () => {
    const { page: adminPage } = await signedInPage(browser, inject('adminEmail'), inject('adminPassword'));
    const manager = await createUser(adminPage, 'manager', `Bo Boardmanager ${suffix}`);
    const teamRep = await createUser(adminPage, 'rep', `Tia Teamrep ${suffix}`);
    const outsider = await createUser(adminPage, 'rep', `Uma Outsider ${suffix}`);
    await call(adminPage, 'mutation', 'teams.setManager', { repId: teamRep.id, managerId: manager.id });
    const account = await call<{ id: number }>(adminPage, 'mutation', 'accounts.create', { accountName: `Boardwalk ${suffix}` });
    const deal = (name: string, ownerId: string) =>
      call(adminPage, 'mutation', 'opportunities.create', { opportunityName: name, accountId: account.id, ownerId, stage: 'Discovery', amount: '30000', closeDate: dateInDays(30) });
    await deal(`Boardwalk team deal ${suffix}`, teamRep.id);
    await deal(`Boardwalk outside deal ${suffix}`, outsider.id);

    const { page } = await signedInPage(browser, manager.email, E2E_PASSWORD);
    await page.goto(`${baseUrl}/opportunities/board?q=${encodeURIComponent(`Boardwalk`)}`);
    const card = (name: string) => page.getByRole('region', { name: 'Pipeline by stage' }).getByText(`Boardwalk ${name} deal ${suffix}`);
    await expect.poll(() => card('outside').isVisible()).toBe(true);
    await expect.poll(() => card('team').isVisible()).toBe(true);

    // A click, not check(): the box shows the URL's filter, which it changes a moment after the click.
    await page.getByLabel('My team only').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('team')).toBe('1');
    await expect.poll(() => page.getByLabel('My team only').isChecked()).toBe(true);
    await expect.poll(() => card('outside').count()).toBe(0);
    await expect.poll(() => card('team').isVisible()).toBe(true);
    await screenshot(page, 'board-team-only');

    await page.getByRole('link', { name: 'Table view' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('team')).toBe('1');
    await expect.poll(() => page.getByLabel('My team only').isChecked()).toBe(true);
  });
});
