// The forecast as a manager sees it in a real browser: their own team's numbers (never another team's rep's
// deal), each rep side by side with the team's total, the deals behind a rep's Commit, and a deal moved from
// Commit to Best case on its edit form showing in the totals.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { baseUrl, call, createUser, dateInDays, E2E_PASSWORD, signedInPage } from './support/app';
import { cspViolations, launchBrowser, screenshot } from './support/browser';

const suffix = Math.random().toString(36).slice(2, 7);
const names = { manager: `Fran Forecast ${suffix}`, rita: `Rita Renewal ${suffix}`, pete: `Pete Pilot ${suffix}`, otto: `Otto Outside ${suffix}` };
// Every deal closes on the same day, and the page is pinned to the period holding it.
const closeDate = dateInDays(10);
let browser: Browser;
let manager: { id: string; email: string };
let renewalId: number;

beforeAll(async () => {
  browser = await launchBrowser();
  const { page: admin, context } = await signedInPage(browser, inject('adminEmail'), inject('adminPassword'));
  manager = await createUser(admin, 'manager', names.manager);
  const rita = await createUser(admin, 'rep', names.rita);
  const pete = await createUser(admin, 'rep', names.pete);
  const otto = await createUser(admin, 'rep', names.otto);
  for (const rep of [rita, pete]) await call(admin, 'mutation', 'teams.setManager', { repId: rep.id, managerId: manager.id });
  const account = await call<{ id: number }>(admin, 'mutation', 'accounts.create', { accountName: `Wayne ${suffix}` });
  const deal = (opportunityName: string, ownerId: string, stage: string, amount: string) =>
    call<{ id: number }>(admin, 'mutation', 'opportunities.create', { opportunityName, accountId: account.id, ownerId, stage, amount, closeDate });
  renewalId = (await deal(`Wayne renewal ${suffix}`, rita.id, 'Proposal', '80000')).id;
  await deal(`Wayne pilot ${suffix}`, pete.id, 'PoC/Trial', '30000');
  // Another team's (no team's) rep: never in this manager's numbers.
  await deal(`Stark megadeal ${suffix}`, otto.id, 'Proposal', '500000');
  await context.close();
});

afterAll(async () => {
  await browser?.close();
});

const stat = (page: Page, label: string) => page.getByRole('button', { name: new RegExp(`^${label}`) });

describe('the team forecast', () => {
  it('shows a manager their team’s reps and total, the deals behind a rep’s Commit, and a category change in the totals', async () => {
    const { page } = await signedInPage(browser, manager.email, E2E_PASSWORD);
    const blocked = cspViolations(page);
    const forecastUrl = `${baseUrl}/forecast?period=quarter&start=${closeDate}`;
    await page.goto(forecastUrl);
    // Viewing offers the team and the manager's own reps only.
    const viewing = page.getByLabel('Viewing');
    await expect.poll(() => viewing.locator('option').allTextContents(), { timeout: 15_000 }).toContain(names.rita);
    const offered = await viewing.locator('option').allTextContents();
    expect(offered).toEqual(expect.arrayContaining(['Me', 'My team', names.rita, names.pete]));
    expect(offered).not.toContain(names.otto);
    await viewing.selectOption({ label: 'My team' });
    await page.waitForURL(/user=team/);

    await expect.poll(() => stat(page, 'Commit').textContent(), { timeout: 15_000 }).toContain('$80,000');
    expect(await stat(page, 'Commit').textContent()).toContain('1 deal');
    expect(await stat(page, 'Best case').textContent()).toContain('$30,000');
    expect(await stat(page, 'Forecast call').textContent()).toContain('$80,000');

    const byRep = page.getByRole('table', { name: /^Forecast by rep/ });
    const row = (name: string) => byRep.getByRole('row').filter({ hasText: name });
    await row(names.rita).waitFor();
    expect(await row(names.rita).locator('td').allTextContents()).toEqual(['$0', '$80,000', '$0', '$0', '$80,000']);
    expect(await row(names.pete).locator('td').allTextContents()).toEqual(['$0', '$0', '$30,000', '$0', '$0']);
    expect(await row(names.manager).locator('td').allTextContents()).toEqual(['$0', '$0', '$0', '$0', '$0']);
    expect(await row('Team').locator('td').allTextContents()).toEqual(['$0', '$80,000', '$30,000', '$0', '$80,000']);
    expect(await row(names.otto).count()).toBe(0);
    await screenshot(page, 'forecast-team');

    // The deals behind Rita's Commit.
    await row(names.rita).getByRole('button', { name: '$80,000' }).click();
    const deals = page.getByRole('table', { name: new RegExp(`^Deals behind: ${names.rita}: Commit in`) });
    const renewal = deals.getByRole('link', { name: `Wayne renewal ${suffix}` });
    await renewal.waitFor();
    expect(await deals.getByRole('row').count()).toBe(2);
    await screenshot(page, 'forecast-team-deals');

    // The manager calls it Best case instead, on the deal's edit form.
    await renewal.click();
    await page.waitForURL(new RegExp(`/opportunities/${renewalId}$`));
    await page.getByRole('link', { name: 'Edit', exact: true }).first().click();
    await page.getByLabel('Forecast category').selectOption('Best Case');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(new RegExp(`/opportunities/${renewalId}$`));

    await page.goto(`${forecastUrl}&user=team`);
    await expect.poll(() => stat(page, 'Commit').textContent(), { timeout: 15_000 }).toContain('$0');
    expect(await stat(page, 'Best case').textContent()).toContain('$110,000');
    expect(await stat(page, 'Best case').textContent()).toContain('2 deals');
    await row(names.rita).waitFor();
    expect(await row(names.rita).locator('td').allTextContents()).toEqual(['$0', '$0', '$80,000', '$0', '$0']);
    expect(await row('Team').locator('td').allTextContents()).toEqual(['$0', '$0', '$110,000', '$0', '$0']);
    await screenshot(page, 'forecast-team-after');
    expect(blocked).toEqual([]);
  });
});
