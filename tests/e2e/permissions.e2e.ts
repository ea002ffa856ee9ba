// Honest permissions in a real browser: a rep opening another rep's deal sees it read-only with the reason
// (no Edit button, and its edit URL says so), can still log a call on it, and sees Last activity change
// without a reload. An admin-only page says plainly that it is not for them.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { baseUrl, call, createUser, E2E_PASSWORD, signedInPage } from './support/app';
import { launchBrowser, screenshot } from './support/browser';

let browser: Browser;
let rep: Page;
let dealId: number;

/** The value beside a label in a record's Details list. */
const property = (page: Page, label: string) => page.locator('.properties__row', { has: page.locator('dt', { hasText: label }) }).locator('dd');

beforeAll(async () => {
  browser = await launchBrowser();
  const admin = await signedInPage(browser, inject('adminEmail'), inject('adminPassword'));
  const owner = await createUser(admin.page, 'rep', 'Elena Owner');
  const other = await createUser(admin.page, 'rep', 'Omar Other');
  const account = await call<{ id: number }>(admin.page, 'mutation', 'accounts.create', { accountName: 'Initech', ownerId: owner.id });
  const deal = await call<{ id: number }>(admin.page, 'mutation', 'opportunities.create', {
    opportunityName: 'Initech – printer fleet',
    accountId: account.id,
    stage: 'Discovery',
    ownerId: owner.id,
  });
  dealId = deal.id;
  await admin.context.close();
  rep = (await signedInPage(browser, other.email, E2E_PASSWORD)).page;
});

afterAll(async () => {
  await browser?.close();
});

describe('permissions', () => {
  it("shows another rep's deal read-only, with the reason and no Edit button", async () => {
    await rep.goto(`${baseUrl}/opportunities/${dealId}`);
    const notice = rep.getByRole('note');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Owned by Elena Owner; owners, managers and admins can edit.');
    expect(await rep.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    expect(await rep.getByRole('button', { name: /Delete/ }).count()).toBe(0);
    await screenshot(rep, 'opportunity-read-only');

    await rep.goto(`${baseUrl}/opportunities/${dealId}/edit`);
    await rep.getByText('You can view this opportunity, not edit it').waitFor();
    expect(await rep.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    await rep.getByRole('link', { name: 'Open the opportunity' }).click();
    await rep.waitForURL(new RegExp(`/opportunities/${dealId}$`));
  });

  it('logs a call on the deal and shows Last activity at once, without a reload', async () => {
    await rep.getByRole('heading', { name: 'Initech – printer fleet' }).waitFor();
    expect((await property(rep, 'Last activity').textContent())?.trim()).toBe('—');
    const composer = rep.getByRole('form', { name: 'Log an activity' });
    await composer.getByRole('radio', { name: 'Call' }).click();
    await composer.getByLabel('Subject').fill('Intro call with IT');
    await composer.getByRole('button', { name: 'Log call' }).click();
    await expect.poll(() => property(rep, 'Last activity').textContent(), { timeout: 10_000 }).not.toBe('—');
    expect(await property(rep, 'Last activity').textContent()).toMatch(/now|second|minute/);
    await rep.getByText('Intro call with IT').waitFor();
  });

  it('says plainly that an admin-only page is not for a rep', async () => {
    await rep.goto(`${baseUrl}/settings/users`);
    await rep.getByText("You don't have access to Users").waitFor();
    expect(await rep.getByText('Something went wrong').count()).toBe(0);
  });
});
