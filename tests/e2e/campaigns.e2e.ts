// Campaigns and attribution in a real browser: create a campaign, add a member by email list, see the deal it
// became on the campaign's page, and switch the Attribution page between its models.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, dateInDays, signIn } from './support/app';
import { describeFindings, seriousViolations } from './support/axe';
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

describe('campaigns and attribution', () => {
  it('creates a campaign, adds a member, sees its won deal, and switches the attribution models', async () => {
    await signIn(page, inject('adminEmail'), inject('adminPassword'));
    // A lead from a trade show, converted into a deal: its source is the first touch; the campaign comes later.
    const lead = await call<{ id: number; version: number }>(page, 'mutation', 'leads.create', {
      firstName: 'Ines',
      lastName: 'Campaign',
      company: 'Initech Attribution',
      email: 'ines@initech-attribution.example',
      leadSource: 'E2E trade show',
      status: 'Working',
    });
    const converted = await call<{ convertedOpportunityId: number }>(page, 'mutation', 'leads.convert', {
      id: lead.id,
      version: lead.version,
      createOpportunity: { opportunityName: 'Initech attribution rollout', amount: '24000', closeDate: dateInDays(0), stage: 'Negotiation' },
    });

    await page.goto(`${baseUrl}/campaigns`);
    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.getByRole('button', { name: 'Create campaign' }).click();
    // The form's own check, beside the field.
    await expect.poll(() => page.locator('.field__error').first().textContent()).toBe('Name is required');
    await page.getByLabel('Name').fill('E2E launch webinar');
    await page.getByLabel('Type').selectOption('Webinar');
    await page.getByLabel('Channel').fill('Online');
    await page.getByLabel('Cost').fill('2000');
    await screenshot(page, 'campaigns-form');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByRole('heading', { name: 'E2E launch webinar' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByRole('region', { name: 'Members' }).textContent()).toContain('No members yet');

    await page.getByRole('button', { name: 'Add members' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: 'Email list' }).click();
    await dialog.getByLabel('Email addresses').fill('ines@initech-attribution.example\nnobody@nowhere.example');
    await screenshot(page, 'campaigns-add-members');
    await dialog.getByRole('button', { name: 'Add' }).click();
    // The lead and the contact it became share the address: both join; the unknown address is named.
    await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toContain('No lead or contact has this address: nobody@nowhere.example');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const members = page.getByRole('region', { name: 'Members' });
    await expect.poll(() => members.getByRole('row').filter({ hasText: 'Ines Campaign' }).count()).toBe(2);

    // The lead's page lists its campaigns.
    await page.goto(`${baseUrl}/leads/${lead.id}`);
    await expect.poll(() => page.getByRole('region', { name: 'Campaigns' }).textContent(), { timeout: 10_000 }).toContain('E2E launch webinar');
    await page.getByRole('region', { name: 'Campaigns' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'campaigns-lead-panel');
    await page.goBack();

    await call(page, 'mutation', 'opportunities.update', { id: converted.convertedOpportunityId, stage: 'Closed Won' });
    await page.reload();
    const deals = page.getByRole('region', { name: 'Deals' });
    await expect.poll(() => deals.textContent(), { timeout: 10_000 }).toContain('Initech attribution rollout');
    // Reached through both members: the lead converted into it, and the contact the lead became.
    expect(await deals.getByRole('row').filter({ hasText: 'Initech attribution rollout' }).textContent()).toContain('1 lead, 1 contact');
    await expect.poll(() => page.locator('.insight-stats').textContent()).toContain('$24,000');
    await expect.poll(() => page.locator('.insight-stats').textContent()).toContain('+1,100%');
    await screenshot(page, 'campaigns-detail');
    expect(describeFindings(await seriousViolations(page)), 'campaign page').toBe('');

    await page.goto(`${baseUrl}/campaigns`);
    const listRow = page.getByRole('row').filter({ hasText: 'E2E launch webinar' });
    await expect.poll(() => listRow.textContent(), { timeout: 10_000 }).toContain('$24,000');
    await screenshot(page, 'campaigns-list');
    expect(describeFindings(await seriousViolations(page)), 'campaigns list').toBe('');

    await page.getByRole('link', { name: 'Attribution' }).first().click();
    const dealRow = page.getByRole('row').filter({ hasText: 'Initech attribution rollout' });
    const credited = () => dealRow.locator('td').nth(3).textContent();
    // Last touch (the default, 7 days): the campaign joined after the lead arrived.
    await expect.poll(credited, { timeout: 10_000 }).toMatch(/Campaign\s*E2E launch webinar\s*\$24,000/);
    await screenshot(page, 'attribution-last');
    await page.getByRole('radio', { name: 'First touch' }).click();
    await expect.poll(credited).toMatch(/Lead source\s*E2E trade show\s*\$24,000/);
    await expect.poll(() => page.getByRole('region', { name: 'By lead source' }).textContent()).toContain('E2E trade show');
    await screenshot(page, 'attribution-first');
    await page.getByRole('radio', { name: 'Linear' }).click();
    await expect.poll(credited).toMatch(/E2E trade show\s*\$12,000.*E2E launch webinar\s*\$12,000/);
    expect(await dealRow.locator('td').nth(4).textContent()).toMatch(/Lead source: E2E trade show.*Campaign: E2E launch webinar.*via its lead.*via its contact/);
    expect(page.url()).toContain('model=linear');
    await screenshot(page, 'attribution-linear');
    await dealRow.scrollIntoViewIfNeeded();
    await screenshot(page, 'attribution-deals');
    expect(describeFindings(await seriousViolations(page)), 'attribution page').toBe('');
    expect(blocked).toEqual([]);
  });
});
