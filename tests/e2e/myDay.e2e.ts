// My day in a real browser: signing in lands on it, a task due today is there, ticking it completes it
// (gone from the list, still gone after a reload), and "N" adds a task from anywhere.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { baseUrl, call, signedInPage } from './support/app';
import { launchBrowser, screenshot } from './support/browser';

let browser: Browser;
let page: Page;
let accountId: number;

beforeAll(async () => {
  browser = await launchBrowser();
  page = (await signedInPage(browser, inject('adminEmail'), inject('adminPassword'))).page;
  accountId = (await call<{ id: number }>(page, 'mutation', 'accounts.create', { accountName: 'Soylent Corp' })).id;
  // Later today (UTC, the e2e admin's time zone), even just before midnight.
  const midnight = new Date().setUTCHours(24, 0, 0, 0);
  const soon = new Date(Date.now() + Math.min(20 * 60_000, (midnight - Date.now()) / 2));
  await call(page, 'mutation', 'activities.create', { type: 'task', subject: 'Send Soylent the order form', dueAt: soon, relatedToType: 'account', relatedToId: accountId });
  await call(page, 'mutation', 'activities.create', {
    type: 'task',
    subject: 'Chase the Soylent invoice',
    dueAt: new Date(Date.now() - 2 * 86_400_000),
    relatedToType: 'account',
    relatedToId: accountId,
  });
});

afterAll(async () => {
  await browser?.close();
});

describe('my day', () => {
  it('is the home page, with overdue tasks and tasks due today', async () => {
    await page.goto(baseUrl);
    await page.getByRole('heading', { name: 'My day' }).waitFor();
    const today = page.getByRole('list', { name: 'Tasks due today' });
    await today.getByText('Send Soylent the order form').waitFor();
    await page.getByRole('list', { name: 'Overdue tasks' }).getByText('Chase the Soylent invoice').waitFor();
    await screenshot(page, 'my-day');
  });

  it('completes a task with its checkbox', async () => {
    await page.getByRole('checkbox', { name: 'Complete “Send Soylent the order form”' }).check();
    await page.getByText('Done: Send Soylent the order form').waitFor();
    await expect.poll(() => page.getByRole('checkbox', { name: 'Complete “Send Soylent the order form”' }).count()).toBe(0);
    await page.reload();
    await page.getByRole('list', { name: 'Overdue tasks' }).waitFor();
    expect(await page.getByText('Send Soylent the order form').count()).toBe(0);
    const done = await call<{ items: { subject: string }[] }>(page, 'query', 'tasks.list', { status: 'done' });
    expect(done.items.map((t) => t.subject)).toContain('Send Soylent the order form');
  });

  it('snoozes an overdue task to tomorrow', async () => {
    // Other tests' playbooks may leave the admin other overdue tasks: this one is snoozed, and leaves the list.
    const overdue = () => page.getByRole('list', { name: 'Overdue tasks' }).getByRole('listitem').filter({ hasText: 'Chase the Soylent invoice' });
    await overdue().getByRole('button', { name: 'Snooze' }).click();
    await page.getByRole('button', { name: 'Tomorrow' }).click();
    await page.getByText(/^Moved to /).waitFor();
    await expect.poll(() => overdue().count()).toBe(0);
  });

  it('adds a task from a record page with "N", about that record', async () => {
    await page.goto(`${baseUrl}/accounts/${accountId}`);
    await page.getByRole('heading', { name: 'Soylent Corp' }).waitFor();
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'New task' });
    await dialog.getByLabel('Subject').fill('Book the renewal call');
    await dialog.getByRole('button', { name: 'Add task' }).click();
    await page.getByText('Task “Book the renewal call” added').waitFor();
    await page.goto(`${baseUrl}/tasks?due=upcoming`);
    await page.getByText('Book the renewal call').waitFor();
    expect(await page.getByRole('link', { name: 'Soylent Corp' }).count()).toBeGreaterThan(0);
  });
});
