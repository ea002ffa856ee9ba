// Stop in a real browser: while Claude (the fake, scripted to take its time when asked to answer "slowly") is
// still writing, Stop ends the answer; the kept conversation shows it as stopped and the form stays clean.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signIn } from './support/app';
import { launchBrowser, screenshot } from './support/browser';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
});

describe('stopping an answer', () => {
  it('stops Claude half-way and keeps the answer as stopped', async () => {
    const suffix = Math.random().toString(36).slice(2, 8);
    await signIn(page, inject('adminEmail'), inject('adminPassword'));
    await page.goto(`${baseUrl}/assistant`);
    await page.getByLabel('Your question').fill(`Answer slowly about ${suffix}`);
    await page.getByRole('button', { name: 'Ask' }).click();
    const stop = page.getByRole('button', { name: 'Stop' });
    await stop.waitFor();
    await screenshot(page, 'assistant-ask-running');
    await stop.click();
    const chat = page.getByRole('region', { name: 'Chat' });
    await chat.getByText('Stopped before Claude finished.').waitFor({ timeout: 10_000 });
    await page.getByRole('navigation', { name: 'Conversations' }).getByText(`Answer slowly about ${suffix}`).waitFor();
    expect(await page.getByText('Type a question').count()).toBe(0);
    await screenshot(page, 'assistant-ask-stopped');
  });
});
