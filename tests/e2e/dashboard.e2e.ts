// The rep dashboard in a real browser: a rep with a known pipeline (made through the API as an admin would)
// opens Dashboards, sees the seeded numbers on the cards, the bar chart and its table, and opens the deals
// behind a bar.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dateInDays } from './support/app';
import { cspViolations, launchBrowser, screenshot } from './support/browser';

const baseUrl = inject('baseUrl');
const rep = { email: 'dana.dashboard@e2e.test', password: 'pipeline-numbers-42', name: 'Dana Dashboard' };
let browser: Browser;
let page: Page;
let blocked: string[];

async function signIn(email: string, password: string) {
  await page.goto(baseUrl);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation').first().waitFor({ timeout: 15_000 });
}

/** One tRPC mutation over HTTP with the page's session cookie, as the client's link sends it. */
async function call<T>(path: string, input: unknown): Promise<T> {
  const response = await page.request.post(`${baseUrl}/trpc/${path}`, { data: { json: input }, headers: { Origin: baseUrl } });
  const body = (await response.json()) as { result?: { data: { json: T } }; error?: unknown };
  if (!body.result) throw new Error(`${path} failed: ${JSON.stringify(body.error)}`);
  return body.result.data.json;
}

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  blocked = cspViolations(page);
  await signIn(inject('adminEmail'), inject('adminPassword'));
  const user = await call<{ id: string }>('users.create', { email: rep.email, name: rep.name, role: 'rep', password: rep.password });
  const account = await call<{ id: number }>('accounts.create', { accountName: 'Initech', ownerId: user.id });
  const deal = (opportunityName: string, fields: Record<string, unknown>) =>
    call('opportunities.create', { opportunityName, accountId: account.id, ownerId: user.id, ...fields });
  await deal('Initech renewal', { stage: 'Proposal', amount: '80000', closeDate: dateInDays(10) });
  await deal('Initech expansion', { stage: 'Discovery', amount: '20000', closeDate: dateInDays(45) });
  await deal('Initech pilot', { stage: 'Closed Won', amount: '30000', closeDate: dateInDays(0) });
  await page.context().clearCookies();
});

afterAll(async () => {
  await browser?.close();
});

describe('rep dashboard', () => {
  it('shows the seeded pipeline, weighted pipeline, closing deals and win rate, and the deals behind a bar', async () => {
    await signIn(rep.email, rep.password);
    await page.getByRole('link', { name: 'Dashboards' }).click();
    await page.waitForURL(/\/dashboards/);

    const card = (label: string) => page.getByRole('button', { name: new RegExp(`^${label}`) });
    await expect.poll(() => card('Open pipeline').textContent(), { timeout: 15_000 }).toContain('$100,000');
    expect(await card('Open pipeline').textContent()).toContain('2 deals');
    // 80,000 × 70% + 20,000 × 10%.
    expect(await card('Weighted pipeline').textContent()).toContain('$58,000');
    expect(await card('Closing in 30 days').textContent()).toContain('$80,000');
    expect(await card('Win rate').textContent()).toContain('100%');

    // The chart is drawn (one bar per stage and series), and its table has the same numbers.
    await expect.poll(() => page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    const table = page.getByRole('table', { name: 'Open pipeline by stage' });
    const proposal = table.getByRole('row').filter({ hasText: 'Proposal' });
    expect(await proposal.textContent()).toContain('$80,000');
    expect(await proposal.textContent()).toContain('$56,000');
    await screenshot(page, 'rep-dashboard');

    await proposal.getByRole('button', { name: 'Proposal' }).click();
    const deals = page.getByRole('table', { name: 'Deals behind: Open deals in Proposal' });
    await deals.getByRole('link', { name: 'Initech renewal' }).waitFor();
    expect(await deals.getByRole('row').count()).toBe(2);
    expect(page.url()).toContain('deals=stage%3AProposal');
    await screenshot(page, 'rep-dashboard-deals');
    expect(blocked).toEqual([]);
  });

  it("shows the forecast of the renewal's quarter by category, with the deals behind Commit", async () => {
    await page.goto(`${baseUrl}/forecast?period=quarter&start=${dateInDays(10)}`);
    const commit = page.getByRole('button', { name: /^Commit/ });
    await expect.poll(() => commit.textContent(), { timeout: 15_000 }).toContain('$80,000');
    expect(await commit.textContent()).toContain('1 deal');
    await expect.poll(() => page.getByText('No snapshot of this period yet').isVisible()).toBe(true);
    await commit.click();
    await page.getByRole('table', { name: /^Deals behind: Commit in Q/ }).getByRole('link', { name: 'Initech renewal' }).waitFor();
    await screenshot(page, 'forecast');
    expect(blocked).toEqual([]);
  });

  it('lets an admin set the rep’s quota for this quarter in Settings → Quotas', async () => {
    await page.context().clearCookies();
    await signIn(inject('adminEmail'), inject('adminPassword'));
    await page.goto(`${baseUrl}/settings/quotas`);
    const row = page.getByRole('row').filter({ hasText: rep.name });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain('No quota');
    await row.getByLabel(rep.name).fill('250,000');
    await row.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row.textContent()).toContain('$250,000');
    await screenshot(page, 'quotas');
    // A bad amount is refused on the row.
    await row.getByLabel(rep.name).fill('-3');
    await row.getByRole('button', { name: 'Save' }).click();
    await row.getByRole('alert').waitFor();
    expect(await row.getByRole('alert').textContent()).toMatch(/amount/i);
    expect(blocked).toEqual([]);
  });

  it('opens the manager dashboard: the rep side by side with quota, won and attainment, the funnel, ARR and accuracy charts', async () => {
    // Still signed in as the admin, who set the rep's quarter quota above.
    await page.goto(`${baseUrl}/dashboards?user=team`);
    const reps = page.getByRole('table', { name: /^Reps side by side/ });
    const row = reps.getByRole('row').filter({ hasText: rep.name });
    await row.waitFor({ timeout: 20_000 });
    const text = await row.textContent();
    expect(text).toContain('$250,000');
    // The pilot won today: 30,000 of 250,000.
    expect(text).toContain('$30,000');
    expect(text).toContain('12%');
    // Both open deals, whatever period they close in.
    expect(text).toContain('$100,000');
    await page.getByRole('table', { name: 'Stage conversion' }).waitFor();
    await page.getByRole('table', { name: 'New ARR by month' }).waitFor();
    await expect.poll(() => page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(3);
    await screenshot(page, 'manager-dashboard');
    await page.getByRole('table', { name: 'Stage conversion' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'manager-dashboard-charts');
    await row.getByRole('button', { name: '$100,000' }).click();
    const deals = page.getByRole('table', { name: `Deals behind: ${rep.name}: open pipeline` });
    await deals.getByRole('link', { name: 'Initech renewal' }).waitFor();
    await screenshot(page, 'manager-dashboard-deals');
    expect(blocked).toEqual([]);
  });

  it('opens a CSM’s dashboard on their own book, with the adoption, health and case numbers seeded', async () => {
    const suffix = Math.random().toString(36).slice(2, 8);
    const csm = { email: `cora.${suffix}@e2e.test`, password: 'customer-success-42', name: `Cora Success ${suffix}` };
    const user = await call<{ id: string }>('users.create', { email: csm.email, name: csm.name, role: 'csm', password: csm.password });
    const account = await call<{ id: number }>('accounts.create', { accountName: `Umbrella ${suffix}`, ownerId: user.id });
    await call('projects.create', { projectName: `Umbrella rollout ${suffix}`, accountId: account.id, ownerId: user.id, status: 'In Progress', healthStatus: 'At Risk', expectedUsers: 40, activeUsers: 10 });
    // An SLA a few seconds out (it must be after opening), passed by the time the dashboard opens.
    const due = new Date(Date.now() + 3_000);
    await call('cases.create', { accountId: account.id, subject: `SSO broken ${suffix}`, priority: 'High', ownerId: user.id, slaDueAt: due.toISOString() });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due.getTime() - Date.now() + 500)));
    await page.context().clearCookies();
    await signIn(csm.email, csm.password);
    await page.getByRole('link', { name: 'Dashboards' }).click();
    const card = (label: string) => page.getByRole('button', { name: new RegExp(`^${label}`) });
    await expect.poll(() => card('Adoption').textContent(), { timeout: 20_000 }).toContain('25%');
    expect(await card('Adoption').textContent()).toContain('10 of 40');
    expect(await card('Open cases').textContent()).toContain('1 past SLA');
    const health = page.getByRole('table', { name: 'Projects by health' });
    expect(await health.getByRole('row').filter({ hasText: 'At Risk' }).locator('td').allTextContents()).toEqual(['1']);
    const cases = page.getByRole('table', { name: 'Open cases by priority' });
    expect(await cases.getByRole('row').filter({ hasText: 'High' }).locator('td').allTextContents()).toEqual(['1', '1']);
    await page.getByRole('table', { name: 'Projects with low adoption' }).getByRole('link', { name: `Umbrella rollout ${suffix}` }).waitFor();
    await expect.poll(() => page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    await screenshot(page, 'csm-dashboard');
    expect(blocked).toEqual([]);
  });

  it('explains a lead’s score on its page', async () => {
    const suffix = Math.random().toString(36).slice(2, 8);
    const lead = await call<{ id: number }>('leads.create', { firstName: 'Vic', lastName: `Score ${suffix}`, company: `Scorable ${suffix}`, employees: 300, title: 'VP Marketing' });
    await page.goto(`${baseUrl}/leads/${lead.id}`);
    const panel = page.getByRole('region', { name: 'Why this score' });
    await expect.poll(() => panel.textContent(), { timeout: 20_000 }).toContain('300 employees (50–5,000)');
    expect(await panel.textContent()).toContain('C-level/VP title (VP Marketing)');
    // Fit 15 + 10, no engagement yet.
    expect(await panel.textContent()).toContain('25/100');
    await screenshot(page, 'lead-score');
    expect(blocked).toEqual([]);
  });
});
