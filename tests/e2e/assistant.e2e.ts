// The assistant in a real browser against our fake Anthropic (started in the global setup): Ask the CRM shows the
// tool call as a step and links the deal it found; the deal's page reviews it with Claude and keeps the review;
// an answer that counted deals is saved as a report, which opens on the reports page with the same figures.
import { randomBytes } from 'node:crypto';
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

  it('saves an answer that counted deals as a report and opens it', async () => {
    // A competitor no other browser test names: the fake answers "against <Name>" with deals by stage.
    const rival = `Rival${randomBytes(3).toString('hex')}`;
    const account = await call<{ id: number }>(page, 'mutation', 'accounts.create', { accountName: `${rival} Buyer` });
    for (const [stage, amount] of [['Discovery', '42000'], ['Proposal', '10000']] as const) {
      await call(page, 'mutation', 'opportunities.create', { opportunityName: `${rival} ${stage}`, accountId: account.id, stage, amount, closeDate: dateInDays(30), competitor: rival });
    }

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Ask the CRM' }).click();
    await page.getByRole('button', { name: 'New conversation' }).click();
    await page.getByLabel('Your question').fill(`How are we doing against ${rival}?`);
    await page.getByRole('button', { name: 'Ask' }).click();
    const chat = page.getByRole('region', { name: 'Chat' });
    await chat.getByText('By stage: Discovery 1, Proposal 1.').waitFor();

    await chat.getByRole('button', { name: 'Save as report' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save as report' });
    const preview = dialog.getByRole('table', { name: 'Report preview' });
    await preview.waitFor();
    expect(await preview.locator('tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^Discovery\s+1\s+\$42,000\.00/), expect.stringMatching(/^Proposal\s+1\s+\$10,000\.00/)]);
    expect(await dialog.textContent()).toContain(`Competitor is ${rival}`);
    const name = dialog.getByLabel('Name');
    expect(await name.inputValue()).toBe(`How are we doing against ${rival}`);
    await name.fill(`${rival} by stage`);
    await screenshot(page, 'assistant-save-report');
    await dialog.getByRole('button', { name: 'Save report' }).click();

    await page.getByRole('dialog', { name: 'Saved as a report' }).getByRole('link', { name: 'Open the report' }).click();
    await page.waitForURL(/\/reports\/\d+$/);
    await page.getByRole('heading', { name: `${rival} by stage` }).waitFor();
    const results = page.getByRole('table', { name: 'Report results' });
    await expect
      .poll(async () => (await results.locator('tbody tr').allInnerTexts()).map((r) => r.split('\t').slice(0, 3).map((c) => c.trim())), { timeout: 15_000 })
      .toEqual([
        ['Discovery', '1', '$42,000.00'],
        ['Proposal', '1', '$10,000.00'],
      ]);
    expect(blocked).toEqual([]);
  });
});
