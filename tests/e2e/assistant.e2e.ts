// The assistant in a real browser against our fake Anthropic (started in the global setup): Ask the CRM shows the
// tool call as a step and links the deal it found; the deal's page reviews it with Claude and keeps the review.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, dateInDays, signIn } from './support/app';
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

describe('assistant', () => {
  it('answers a question through a tool step with a link to the deal, then reviews that deal', async () => {
    await signIn(page, inject('adminEmail'), inject('adminPassword'));
    // A name no other browser test uses: they share this server, so the search must find exactly these two.
    const account = await call<{ id: number }>(page, 'mutation', 'accounts.create', { accountName: 'Zephyrine Assistant' });
    const deal = await call<{ id: number }>(page, 'mutation', 'opportunities.create', {
      opportunityName: 'Zephyrine platform',
      accountId: account.id,
      stage: 'Discovery',
      amount: '42000',
      closeDate: dateInDays(20),
    });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Ask the CRM' }).click();
    await page.getByLabel('Your question').fill('What do we have with Zephyrine?');
    await page.getByRole('button', { name: 'Ask' }).click();
    const chat = page.getByRole('region', { name: 'Chat' });
    await chat.getByRole('list', { name: 'Steps' }).getByText('search records').waitFor();
    const link = chat.getByRole('link', { name: 'Zephyrine platform' });
    await link.waitFor();
    expect(await chat.getByRole('list', { name: 'Steps' }).textContent()).toContain('2 records');
    // The conversation is kept and listed.
    await page.getByRole('navigation', { name: 'Conversations' }).getByText('What do we have with Zephyrine?').waitFor();
    await screenshot(page, 'assistant-ask');

    await link.click();
    await page.waitForURL(`${baseUrl}/opportunities/${deal.id}`);
    const panel = page.getByRole('region', { name: 'AI deal review' });
    await panel.getByRole('button', { name: 'Review with Claude' }).click();
    await panel.getByText('Ask the champion to introduce the economic buyer this week.').waitFor();
    await panel.getByText('Economic buyer: (empty)').first().waitFor();
    expect(await panel.textContent()).toContain('1,800 → 260 tokens');
    await screenshot(page, 'assistant-review');

    // Stored: still there after a reload.
    await page.reload();
    await page.getByRole('region', { name: 'AI deal review' }).getByText('No economic buyer is named.').waitFor();
    expect(blocked).toEqual([]);
  });
});
