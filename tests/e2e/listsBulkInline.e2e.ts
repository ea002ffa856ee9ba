// Lists people work in, part two: a bulk reassign on Accounts names the account it refused; an opportunity's
// amount edited in the list (a bad value's error in the cell, then a good one saved); the column chooser hides
// a column and a saved view's link restores that; accounts' and contacts' fields edited in place; at 390 px the lists are
// stacked cards.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { baseUrl, call, createUser, E2E_PASSWORD, signedInPage } from './support/app';
import { launchBrowser, screenshot } from './support/browser';

let browser: Browser;
let rep: Page;
let repEmail: string;
const repName = 'Ines Inline';

beforeAll(async () => {
  browser = await launchBrowser();
  const admin = await signedInPage(browser, inject('adminEmail'), inject('adminPassword'));
  const me = await createUser(admin.page, 'rep', repName);
  repEmail = me.email;
  const other = await createUser(admin.page, 'rep', 'Otto Outside');
  const account = (accountName: string, ownerId: string) => call<{ id: number }>(admin.page, 'mutation', 'accounts.create', { accountName, ownerId });
  const mine = await account('Quillon Alpha', me.id);
  await account('Quillon Beta', me.id);
  await account('Quillon Otto', other.id);
  await call(admin.page, 'mutation', 'opportunities.create', {
    opportunityName: 'Quillon – renewal',
    accountId: mine.id,
    ownerId: me.id,
    amount: 1000,
    closeDate: '2027-05-01',
    nextStep: 'Send the security questionnaire answers and book the legal review with their counsel before the quarter closes',
  });
  await call(admin.page, 'mutation', 'contacts.create', { firstName: 'Cleo', lastName: 'Quillon', accountId: mine.id, ownerId: me.id });
  await call(admin.page, 'mutation', 'leads.create', { firstName: 'Zara', lastName: 'Quillon', company: 'Quillon Labs', ownerId: me.id });
  await call(admin.page, 'mutation', 'projects.create', { projectName: 'Quillon rollout', accountId: mine.id, ownerId: me.id });
  await call(admin.page, 'mutation', 'cases.create', { subject: 'Quillon cannot export', accountId: mine.id, ownerId: me.id });
  await admin.context.close();
  rep = (await signedInPage(browser, me.email, E2E_PASSWORD)).page;
  await rep.setViewportSize({ width: 1440, height: 900 });
});

afterAll(async () => {
  await browser?.close();
});

const failShot = (name: string) => async (e: unknown) => {
  await screenshot(rep, name);
  throw e;
};

describe('bulk on accounts', () => {
  it('reassigns the selection and names the account it refused', async () => {
    await rep.goto(`${baseUrl}/accounts?q=Quillon`);
    const table = rep.getByRole('table', { name: 'Accounts' });
    await expect.poll(() => table.locator('tbody tr .cell-primary').count(), { timeout: 15_000 }).toBe(3);
    await rep.getByRole('checkbox', { name: 'Select all shown' }).check();
    await rep.getByRole('region', { name: 'Selected accounts' }).getByText('3 selected').waitFor();
    await rep.getByLabel('Reassign to').selectOption({ label: repName });
    await rep.getByRole('dialog', { name: `Reassign 3 accounts to ${repName}?` }).getByRole('button', { name: 'Reassign' }).click();
    const refused = rep.getByRole('alert').filter({ hasText: 'not changed' });
    await refused.waitFor({ timeout: 10_000 }).catch(failShot('accounts-bulk-failure'));
    expect(await refused.textContent()).toContain("Quillon Otto: Only the account's owner, managers and admins can change it");
    await rep.getByRole('region', { name: 'Selected accounts' }).getByText('1 selected').waitFor();
    await screenshot(rep, 'accounts-bulk-refused-1440');
  });
});

describe('opportunities list', () => {
  const row = () => rep.getByRole('table', { name: 'Opportunities' }).locator('tbody tr', { hasText: 'Quillon – renewal' });

  it('edits the amount in place: a bad value shows its error in the cell, a good one is saved', async () => {
    await rep.goto(`${baseUrl}/opportunities`);
    await row().waitFor({ timeout: 15_000 });
    await row().getByRole('button', { name: 'Edit Amount' }).click();
    const input = row().getByRole('spinbutton', { name: 'Amount' });
    await input.fill('-5');
    await input.press('Enter');
    await expect.poll(() => row().getByRole('alert').textContent(), { timeout: 10_000 }).toMatch(/at least 0/);
    await screenshot(rep, 'opportunities-inline-error-1440');
    await input.fill('12500');
    await input.press('Enter');
    await expect.poll(() => row().getByRole('button', { name: 'Edit Amount' }).textContent(), { timeout: 10_000 }).toContain('12,500');
    const saved = await call<{ amount: string }>(rep, 'query', 'opportunities.list', { search: 'Quillon' });
    expect(JSON.stringify(saved)).toContain('12500');
  });

  it('fits at 1440 px: the Next step is truncated inside the table, with the whole text as its tooltip', async () => {
    const cell = row().locator('.opp-next-step');
    const box = (await cell.boundingBox())!;
    const wrap = (await rep.locator('.table-wrap').first().boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(wrap.x + wrap.width);
    expect(await cell.getAttribute('title')).toContain('book the legal review');
    await screenshot(rep, 'opportunities-1440');
  });

  it('hides a column with the chooser, and a saved view restores it from its link', async () => {
    const header = () => rep.getByRole('columnheader', { name: 'Next step' }).count();
    expect(await header()).toBe(1);
    await rep.locator('.column-chooser summary').click();
    await rep.getByRole('checkbox', { name: 'Show Next step' }).uncheck();
    await expect.poll(header).toBe(0);
    await rep.getByRole('button', { name: '+ Save view' }).click();
    const dialog = rep.getByRole('dialog', { name: 'Save this view' });
    await dialog.getByLabel('Name').fill('Without next steps');
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await expect.poll(() => new URL(rep.url()).searchParams.get('view'), { timeout: 10_000 }).toMatch(/^\d+$/);
    const viewId = new URL(rep.url()).searchParams.get('view');

    // A fresh page with nothing remembered: the view's link alone hides the column.
    const fresh = (await signedInPage(browser, repEmail, E2E_PASSWORD)).page;
    await fresh.setViewportSize({ width: 1440, height: 900 });
    await fresh.goto(`${baseUrl}/opportunities`);
    await fresh.evaluate(() => localStorage.clear());
    await fresh.goto(`${baseUrl}/opportunities?view=${viewId}`);
    await fresh.getByRole('table', { name: 'Opportunities' }).locator('tbody tr').first().waitFor({ timeout: 15_000 });
    await expect.poll(() => fresh.getByRole('columnheader', { name: 'Next step' }).count(), { timeout: 10_000 }).toBe(0);
    expect(await fresh.getByRole('columnheader', { name: 'Amount' }).count()).toBe(1);
    await fresh.context().close();
  });
});

describe('accounts and contacts lists', () => {
  it("edit an account's domain in place (a too-long one shows the server's error in the cell) and a contact's buying role and phone", async () => {
    await rep.goto(`${baseUrl}/accounts?q=Quillon`);
    const account = rep.getByRole('table', { name: 'Accounts' }).locator('tbody tr', { hasText: 'Quillon Alpha' });
    await account.waitFor({ timeout: 15_000 });
    // Otto's account is not the rep's: plain text, no edit button.
    const ottos = rep.getByRole('table', { name: 'Accounts' }).locator('tbody tr', { hasText: 'Quillon Otto' });
    expect(await ottos.getByRole('button', { name: /Edit Domain/ }).count()).toBe(0);
    await account.getByRole('button', { name: /Edit Domain/ }).click();
    const domain = account.getByRole('textbox', { name: 'Domain' });
    await domain.fill(`${'x'.repeat(260)}.com`);
    await domain.press('Enter');
    await expect.poll(() => account.getByRole('alert').count(), { timeout: 10_000 }).toBe(1);
    await screenshot(rep, 'accounts-inline-error-1440');
    await domain.fill('quillon.example');
    await domain.press('Enter');
    await expect.poll(() => account.getByRole('button', { name: /Edit Domain/ }).textContent(), { timeout: 10_000 }).toContain('quillon.example');

    await rep.goto(`${baseUrl}/contacts?q=Quillon`);
    const contact = rep.getByRole('table', { name: 'Contacts' }).locator('tbody tr', { hasText: 'Cleo Quillon' });
    await contact.waitFor({ timeout: 15_000 });
    await contact.getByRole('button', { name: /Edit Buying role/ }).click();
    await contact.getByRole('combobox', { name: 'Buying role' }).selectOption('Champion');
    await expect.poll(() => contact.getByRole('button', { name: /Edit Buying role/ }).textContent(), { timeout: 10_000 }).toContain('Champion');
    await contact.getByRole('button', { name: /Edit Phone/ }).click();
    const phone = contact.getByRole('textbox', { name: 'Phone' });
    await phone.fill('+1 555 0100');
    await phone.press('Enter');
    await expect.poll(() => contact.getByRole('button', { name: /Edit Phone/ }).textContent(), { timeout: 10_000 }).toContain('+1 555 0100');
    await screenshot(rep, 'contacts-inline-1440');
    const saved = await call<unknown>(rep, 'query', 'contacts.list', { search: 'Cleo' });
    expect(JSON.stringify(saved)).toContain('Champion');
  });
});

describe('the other lists', () => {
  it('offer their status edits on the rep’s own rows (1440 px)', async () => {
    for (const [path, name, edit] of [
      ['/leads?q=Quillon', 'leads', 'Edit Status'],
      ['/projects?q=Quillon', 'projects', 'Edit Status'],
      ['/cases?q=Quillon', 'cases', 'Edit Priority'],
    ] as const) {
      await rep.goto(`${baseUrl}${path}`);
      const row = rep.locator('.table-wrap tbody tr', { hasText: 'Quillon' }).first();
      await row.waitFor({ timeout: 15_000 }).catch(failShot(`${name}-failure`));
      expect(await row.getByRole('button', { name: edit }).count()).toBe(1);
      await screenshot(rep, `${name}-1440`);
    }
  });
});

describe('phone width', () => {
  it('shows each list as stacked cards with the key fields', async () => {
    await rep.setViewportSize({ width: 390, height: 844 });
    for (const [path, name] of [
      ['/opportunities', 'opportunities'],
      ['/accounts?q=Quillon', 'accounts'],
      ['/leads?q=Quillon', 'leads'],
      ['/projects?q=Quillon', 'projects'],
      ['/cases?q=Quillon', 'cases'],
    ] as const) {
      await rep.goto(`${baseUrl}${path}`);
      // A loaded row (not a skeleton row, which the data replaces).
      const first = rep.locator('.table-wrap tbody tr', { has: rep.locator('.cell-primary') }).first();
      await first.waitFor({ timeout: 15_000 });
      expect(await first.evaluate((tr) => getComputedStyle(tr).display)).toBe('grid');
      // Labelled fields, and no sideways scrolling.
      expect(await first.locator('td[data-label="Owner"]').isVisible()).toBe(true);
      expect(await rep.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(rep, `${name}-390`);
    }
  });
});
