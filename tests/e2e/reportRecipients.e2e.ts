// Scheduled report recipients in a real browser: a manager schedules a shared report and sends it to their team
// too ("Add my team") and to one more person, sees a private report refuse others beside the picker, and the rep
// sees on the report that they get it.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { baseUrl, call, createUser, E2E_PASSWORD, signedInPage } from './support/app';
import { cspViolations, launchBrowser, screenshot } from './support/browser';

let browser: Browser;
const suffix = Math.random().toString(36).slice(2, 7);

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const definition = { entity: 'opportunities', columns: ['opportunityName', 'amount'], filters: [{ field: 'owner', op: 'eq', value: 'me' }] };

describe('report recipients', () => {
  it('lets a manager schedule a report for their team and one more person, each to get their own CSV', async () => {
    const { page: adminPage } = await signedInPage(browser, inject('adminEmail'), inject('adminPassword'));
    const managerName = `Rhea Manager ${suffix}`;
    const repName = `Ravi Rep ${suffix}`;
    const csmName = `Cleo Csm ${suffix}`;
    const manager = await createUser(adminPage, 'manager', managerName);
    const rep = await createUser(adminPage, 'rep', repName);
    await createUser(adminPage, 'csm', csmName);
    await call(adminPage, 'mutation', 'teams.setManager', { repId: rep.id, managerId: manager.id });

    const { page } = await signedInPage(browser, manager.email, E2E_PASSWORD);
    const blocked = cspViolations(page);
    const shared = await call<{ id: number }>(page, 'mutation', 'reports.save', { name: `My deals ${suffix}`, shared: true, definition });
    const mine = await call<{ id: number }>(page, 'mutation', 'reports.save', { name: `Private deals ${suffix}`, shared: false, definition });

    // A private report goes to its owner only: the picker says so, and the server's refusal shows beside it.
    await page.goto(`${baseUrl}/reports/${mine.id}`);
    await page.getByLabel('Frequency').selectOption('daily');
    await expect.poll(() => page.getByText('Share the report to send it to others', { exact: false }).isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByLabel('Add a recipient').selectOption({ label: csmName });
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await expect.poll(() => page.getByText('Only you can get a private report: share it to send it to others').isVisible(), { timeout: 15_000 }).toBe(true);
    await screenshot(page, 'report-recipients-private');

    await page.goto(`${baseUrl}/reports/${shared.id}`);
    await page.getByLabel('Frequency').selectOption('daily');
    await page.getByLabel('Hour').selectOption({ label: 'at 07:00' });
    await page.getByRole('button', { name: 'Add my team' }).click();
    const chosen = page.getByRole('list', { name: 'Recipients' });
    await expect.poll(() => chosen.getByText(repName).isVisible()).toBe(true);
    await page.getByLabel('Add a recipient').selectOption({ label: csmName });
    await expect.poll(() => chosen.getByRole('listitem').count()).toBe(2);
    // Taken off again, and back: the picker is a plain list of people.
    await page.getByRole('button', { name: `Remove ${csmName}` }).click();
    await expect.poll(() => chosen.getByRole('listitem').count()).toBe(1);
    await page.getByLabel('Add a recipient').selectOption({ label: csmName });
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await expect.poll(() => page.getByText(new RegExp(`the CSV is emailed to you; also to ${repName}, ${csmName} `)).isVisible(), { timeout: 15_000 }).toBe(true);
    await screenshot(page, 'report-recipients');

    // Stored: after a reload the picker shows the same two people.
    await page.reload();
    await expect.poll(() => page.getByRole('list', { name: 'Recipients' }).getByRole('listitem').allInnerTexts(), { timeout: 15_000 }).toEqual([
      expect.stringContaining(repName),
      expect.stringContaining(csmName),
    ]);
    expect(blocked).toEqual([]);

    // The rep sees on the report that it comes to them too.
    const { page: repPage } = await signedInPage(browser, rep.email, E2E_PASSWORD);
    await repPage.goto(`${baseUrl}/reports/${shared.id}`);
    await expect.poll(() => repPage.getByText(new RegExp(`emailed to its owner; also to ${repName}, ${csmName}\\.`)).isVisible(), { timeout: 15_000 }).toBe(true);
  });
});
