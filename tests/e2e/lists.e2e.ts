// Lists people work in: the Opportunities list opens on the rep's own open deals; a bulk change reports
// the deal it refused by name; a saved view comes back from its URL.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { baseUrl, call, createUser, E2E_PASSWORD, signedInPage } from './support/app';
import { launchBrowser, screenshot } from './support/browser';

let browser: Browser;
let rep: Page;
let repName: string;

const table = () => rep.getByRole('table', { name: 'Opportunities' });
const rowNames = async () => (await table().locator('tbody tr .cell-primary').allTextContents()).sort();

beforeAll(async () => {
  browser = await launchBrowser();
  const admin = await signedInPage(browser, inject('adminEmail'), inject('adminPassword'));
  // A name no other browser test gives a user: the reassign picker chooses by name.
  repName = 'Lina Lister';
  const me = await createUser(admin.page, 'rep', repName);
  const other = await createUser(admin.page, 'rep', 'Oscar Other');
  const account = await call<{ id: number }>(admin.page, 'mutation', 'accounts.create', { accountName: 'Hooli' });
  const deal = (opportunityName: string, ownerId: string, stage = 'Prospecting') =>
    call(admin.page, 'mutation', 'opportunities.create', { opportunityName, accountId: account.id, ownerId, stage, closeDate: '2027-03-01' });
  await deal('Hooli – mine A', me.id);
  await deal('Hooli – mine B', me.id, 'Discovery');
  await deal('Hooli – Oscar’s', other.id);
  await deal('Hooli – mine, won', me.id, 'Closed Won');
  await admin.context.close();
  rep = (await signedInPage(browser, me.email, E2E_PASSWORD)).page;
});

afterAll(async () => {
  await browser?.close();
});

describe('opportunity list', () => {
  it("opens on the rep's own open deals", async () => {
    await rep.goto(`${baseUrl}/opportunities`);
    await expect.poll(rowNames, { timeout: 15_000 }).toEqual(['Hooli – mine A', 'Hooli – mine B']);
    expect(await rep.getByRole('button', { name: 'My open deals', exact: true }).getAttribute('aria-pressed')).toBe('true');
  });

  it('reassigns the selection to the rep, and names the deal it refused', async () => {
    await rep.getByRole('button', { name: 'All open deals', exact: true }).click();
    // Other browser tests share this server: narrow "everyone's" to this test's account.
    await rep.getByRole('searchbox', { name: 'Search' }).fill('Hooli');
    await expect.poll(() => new URL(rep.url()).searchParams.get('q'), { timeout: 10_000 }).toBe('Hooli');
    await expect.poll(rowNames, { timeout: 15_000 }).toEqual(['Hooli – Oscar’s', 'Hooli – mine A', 'Hooli – mine B']);
    await rep.getByRole('checkbox', { name: 'Select all shown' }).check();
    await rep.getByRole('region', { name: 'Selected deals' }).getByText('3 selected').waitFor();
    await rep.getByLabel('Reassign to').selectOption({ label: repName });
    const confirm = rep.getByRole('dialog', { name: `Reassign 3 deals to ${repName}?` });
    await confirm.getByRole('button', { name: 'Reassign' }).click();
    const refused = rep.getByRole('alert').filter({ hasText: 'not changed' });
    await refused.waitFor({ timeout: 10_000 }).catch(async (e) => {
      await screenshot(rep, 'opportunities-bulk-failure');
      throw e;
    });
    expect(await refused.textContent()).toContain("Hooli – Oscar’s: Only the opportunity's owner, managers and admins can change it");
    await screenshot(rep, 'opportunities-bulk-refused');
    // The refused deal stays selected, so it can be dealt with next.
    await rep.getByRole('region', { name: 'Selected deals' }).getByText('1 selected').waitFor();
  });

  it('saves a view and restores it from its URL', async () => {
    await rep.getByLabel('Stage', { exact: true }).selectOption('Discovery');
    await expect.poll(rowNames, { timeout: 15_000 }).toEqual(['Hooli – mine B']);
    await rep.getByRole('button', { name: '+ Save view' }).click();
    const dialog = rep.getByRole('dialog', { name: 'Save this view' });
    await dialog.getByLabel('Name').fill('Discovery deals');
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await expect
      .poll(() => new URL(rep.url()).searchParams.get('view'), { timeout: 10_000 })
      .toMatch(/^\d+$/)
      .catch(async (e) => {
        await screenshot(rep, 'opportunities-save-view-failure');
        throw e;
      });
    const viewId = new URL(rep.url()).searchParams.get('view');

    await rep.goto(`${baseUrl}/opportunities?view=${viewId}`);
    await expect.poll(() => rep.getByRole('button', { name: 'Discovery deals', exact: true }).getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('true');
    await expect.poll(rowNames, { timeout: 15_000 }).toEqual(['Hooli – mine B']);
    expect(await rep.getByLabel('Stage', { exact: true }).inputValue()).toBe('Discovery');
  });
});
