// The inbox in a real browser: a manager's hand-over reaches the rep's bell, opens the record, and is marked read;
// then the rep changes their digest, sends a preview and reads it from the inbox.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cspViolations, launchBrowser, screenshot } from './support/browser';

const baseUrl = inject('baseUrl');
const REP = { email: 'rita.rep@e2e.test', password: 'rita-sells-globex-2026', name: 'Rita Rep' };
let browser: Browser;
let blocked: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function signIn(email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  const page = await context.newPage();
  blocked = blocked.concat(cspViolations(page));
  await page.goto(baseUrl);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByRole('navigation').first().isVisible(), { timeout: 15_000 }).toBe(true);
  return page;
}

/** A procedure called as the page's own scripts do: same cookies, same Origin. */
async function call<T>(page: Page, procedure: string, input: unknown): Promise<T> {
  const res = await page.request.post(`${baseUrl}/trpc/${procedure}`, { data: { json: input }, headers: { origin: baseUrl } });
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

let repPage: Page;

describe('inbox', () => {
  it('shows a hand-over in the bell, links to the record and marks it read', async () => {
    const admin = await signIn(inject('adminEmail'), inject('adminPassword'));
    const rep = await call<{ id: string }>(admin, 'users.create', { ...REP, role: 'rep' });
    const account = await call<{ id: number }>(admin, 'accounts.create', { accountName: 'Initech', ownerId: rep.id });

    const page = await signIn(REP.email, REP.password);
    const bell = page.getByRole('button', { name: 'Notifications, 1 unread' });
    await expect.poll(() => bell.isVisible(), { timeout: 10_000 }).toBe(true);
    await bell.click();
    const item = page.getByRole('link', { name: 'Administrator assigned you Initech' });
    await expect.poll(() => item.isVisible()).toBe(true);
    await screenshot(page, 'inbox-bell');

    await item.click();
    await page.waitForURL(`${baseUrl}/accounts/${account.id}`);
    await expect.poll(() => page.getByRole('button', { name: 'Notifications', exact: true }).isVisible()).toBe(true);

    await page.goto(`${baseUrl}/inbox`);
    await expect.poll(() => page.getByRole('link', { name: 'Administrator assigned you Initech' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Mark read' }).count()).toBe(0);
    await screenshot(page, 'inbox-page');
    repPage = page;
    expect(blocked).toEqual([]);
  });

  it('changes the digest preferences, sends a preview and finds it in the inbox', async () => {
    const page = repPage;
    await page.goto(`${baseUrl}/settings/notifications`);
    await expect.poll(() => page.getByText('Mail is not configured on this server', { exact: false }).first().isVisible()).toBe(true);
    await page.getByLabel('At', { exact: true }).selectOption('7');
    await page.getByLabel('Time zone', { exact: true }).selectOption('Europe/Berlin');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByText('Notification settings saved').isVisible()).toBe(true);
    await page.reload();
    await expect.poll(() => page.getByLabel('At', { exact: true }).inputValue()).toBe('7');
    expect(await page.getByLabel('Time zone', { exact: true }).inputValue()).toBe('Europe/Berlin');

    await page.getByRole('button', { name: 'Send me a preview now' }).click();
    await expect.poll(() => page.getByText('Preview sent to In-app inbox').isVisible()).toBe(true);
    await screenshot(page, 'notification-settings');

    await page.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    const preview = page.getByRole('dialog', { name: 'Notifications' }).getByRole('link', { name: /^Preview: Your pipeline — / });
    await expect.poll(() => preview.isVisible()).toBe(true);
    await preview.click();
    await page.waitForURL(/\/inbox\/digests\/\d+$/);
    await expect.poll(() => page.getByRole('heading', { name: /^Preview: Your pipeline/ }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Nothing needed you').isVisible()).toBe(true);
    await screenshot(page, 'digest-page');
    expect(blocked).toEqual([]);
  });

  it('schedules a pipeline review, runs it now and reads it from the inbox', async () => {
    const page = await signIn(inject('adminEmail'), inject('adminPassword'));
    await page.goto(`${baseUrl}/settings/notifications`);
    await page.getByRole('button', { name: 'Schedule a review' }).click();
    const form = page.getByRole('form', { name: 'New pipeline review' });
    await form.getByLabel('Name').fill('Team weekly');
    await form.getByRole('button', { name: 'Schedule review' }).click();
    await expect.poll(() => page.getByRole('cell', { name: 'Team weekly' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Run now' }).click();
    await expect.poll(() => page.getByText('Review queued', { exact: false }).isVisible()).toBe(true);
    // The worker runs the scan and delivers it; the bell polls every minute, so look in the inbox.
    const review = page.getByRole('link', { name: /^Pipeline review: Team weekly — / });
    await expect
      .poll(
        async () => {
          await page.goto(`${baseUrl}/inbox`);
          return review.first().waitFor({ timeout: 2_000 }).then(
            () => true,
            () => false,
          );
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toBe(true);
    await review.first().click();
    await expect.poll(() => page.getByText('First review:', { exact: false }).isVisible()).toBe(true);
    await screenshot(page, 'pipeline-review');
    expect(blocked).toEqual([]);
  });
});
