// axe-core on every main page, in the light and the dark theme, at desktop and phone width: no serious or
// critical finding (labels, contrast, roles, names); and at every Tab stop of the busiest pages the focused
// element shows a focus ring (axe cannot see that). Each page is also saved as a screenshot under
// test-results/screenshots (not committed) for a reviewer to look at.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { settingsSections } from '../../client/src/lib/settingsSections';
import { baseUrl, call, createUser, dateInDays, E2E_PASSWORD, signIn } from './support/app';
import { describeFindings, seriousViolations } from './support/axe';
import { launchBrowser, screenshot } from './support/browser';

let browser: Browser;
const suffix = Math.random().toString(36).slice(2, 7);
const ids = { deal: 0 };
let user = { email: '' };

const pages: { name: string; path: () => string }[] = [
  { name: 'my-day', path: () => '/' },
  { name: 'accounts', path: () => '/accounts' },
  { name: 'contacts', path: () => '/contacts' },
  { name: 'leads', path: () => '/leads' },
  { name: 'opportunities', path: () => '/opportunities' },
  { name: 'board', path: () => '/opportunities/board' },
  { name: 'opportunity', path: () => `/opportunities/${ids.deal}` },
  { name: 'projects', path: () => '/projects' },
  { name: 'cases', path: () => '/cases' },
  { name: 'reports', path: () => '/reports' },
  { name: 'dashboard', path: () => '/dashboards' },
  { name: 'ask', path: () => '/assistant' },
  ...settingsSections.map((s) => ({ name: `settings-${s.path}`, path: () => `/settings/${s.path}` })),
];

const widths = [
  { label: 'desktop', viewport: { width: 1440, height: 900 } },
  { label: 'phone', viewport: { width: 390, height: 844 } },
] as const;

beforeAll(async () => {
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const admin = await context.newPage();
  await signIn(admin, inject('adminEmail'), inject('adminPassword'));
  // An admin of its own (every settings page), whose theme follows the system so each context picks one.
  const me = await createUser(admin, 'admin', `Ada Axe ${suffix}`);
  user = me;
  const account = await call<{ id: number }>(admin, 'mutation', 'accounts.create', { accountName: `Axewood ${suffix}`, ownerId: me.id, domain: `axewood-${suffix}.example` });
  const contact = await call<{ id: number }>(admin, 'mutation', 'contacts.create', { firstName: 'Alma', lastName: `Axe ${suffix}`, accountId: account.id, ownerId: me.id });
  await call(admin, 'mutation', 'leads.create', { firstName: 'Lea', lastName: `Axe ${suffix}`, company: `Axe Leads ${suffix}`, ownerId: me.id });
  const deal = await call<{ id: number }>(admin, 'mutation', 'opportunities.create', {
    opportunityName: `Axewood rollout ${suffix}`,
    accountId: account.id,
    ownerId: me.id,
    stage: 'Discovery',
    amount: '42000',
    closeDate: dateInDays(20),
  });
  ids.deal = deal.id;
  await call(admin, 'mutation', 'projects.create', { projectName: `Axewood onboarding ${suffix}`, accountId: account.id, ownerId: me.id });
  await call(admin, 'mutation', 'cases.create', { subject: `Axewood cannot export ${suffix}`, accountId: account.id, contactId: contact.id, ownerId: me.id });
  await context.close();
  // Tasks belong to who creates them: Ada's own, so My day lists an overdue one and one due later.
  const own = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const ada = await own.newPage();
  await signIn(ada, me.email, E2E_PASSWORD);
  const task = (subject: string, dueAt: Date) => call(ada, 'mutation', 'activities.create', { type: 'task', subject, dueAt, relatedToType: 'opportunity', relatedToId: deal.id });
  await task(`Call Alma ${suffix}`, new Date(Date.now() - 86_400_000));
  await task(`Send Alma the plan ${suffix}`, new Date(Date.now() + 5 * 86_400_000));
  await own.close();
});

afterAll(async () => {
  await browser?.close();
});

/** Opens a page and waits until its data has arrived (no request in flight, no loading placeholder). */
async function open(page: Page, path: string) {
  await page.goto(`${baseUrl}${path}`);
  await page.getByRole('main').waitFor();
  await page.waitForLoadState('networkidle');
  await page.locator('[role="status"][aria-label="Loading"], .skeleton').first().waitFor({ state: 'detached', timeout: 15_000 });
}

for (const theme of ['light', 'dark'] as const) {
  for (const { label, viewport } of widths) {
    describe(`accessibility, ${theme} theme, ${label}`, () => {
      let context: BrowserContext;
      let page: Page;

      beforeAll(async () => {
        context = await browser.newContext({ viewport, colorScheme: theme, reducedMotion: 'reduce' });
        page = await context.newPage();
        await page.goto(baseUrl);
        await page.getByLabel('Email').waitFor();
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
        const findings = await seriousViolations(page);
        await screenshot(page, `a11y-${theme}-${label}-sign-in`);
        expect(describeFindings(findings), 'sign-in page').toBe('');
        // signIn waits for the sidebar, which a phone shows only as a drawer: sign in wide, then narrow.
        await page.setViewportSize(widths[0].viewport);
        await signIn(page, user.email, E2E_PASSWORD);
        await page.setViewportSize(viewport);
      });

      afterAll(async () => {
        await context?.close();
      });

      if (label === 'desktop') {
        it('shows where keyboard focus is at every Tab stop (My day, the deals list, a deal)', async () => {
          for (const path of ['/', '/opportunities', `/opportunities/${ids.deal}`]) {
            await open(page, path);
            const invisible: string[] = [];
            for (let stop = 0; stop < 40; stop += 1) {
              await page.keyboard.press('Tab');
              // The ring must come from focus itself (a button's resting shadow does not count): compare the
              // element's outline and shadow focused and blurred, transitions finished.
              const focus = await page.evaluate(() => {
                const el = document.activeElement as HTMLElement | null;
                if (!el || el === document.body) return null;
                const look = () => {
                  el.getAnimations().forEach((a) => a.finish());
                  const style = getComputedStyle(el);
                  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 ? `${style.outlineStyle} ${style.outlineColor}` : '';
                  return { outline, shadow: style.boxShadow };
                };
                const focused = look();
                el.blur();
                const blurred = look();
                el.focus();
                const shown = (focused.outline !== '' && focused.outline !== blurred.outline) || focused.shadow !== blurred.shadow;
                return { shown, what: `${el.tagName.toLowerCase()}.${el.className} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"` };
              });
              if (focus && !focus.shown) invisible.push(focus.what);
            }
            expect(invisible, path).toEqual([]);
          }
        });
      }

      for (const { name, path } of pages) {
        it(`${name} has no serious or critical violations`, async () => {
          await open(page, path());
          expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
          const findings = await seriousViolations(page);
          await screenshot(page, `a11y-${theme}-${label}-${name}`);
          expect(describeFindings(findings), path()).toBe('');
        });
      }
    });
  }
}
