// What the browser tests share: signing in through the page, and arranging data through the real API as a
// signed-in admin (tRPC over HTTP, superjson, with the Origin a browser would send).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';

export const baseUrl = inject('baseUrl');
/** Meets the password rules (12+ characters, not easy to guess). */
export const E2E_PASSWORD = 'violet-harbour-lantern-42';

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: 15_000 });
}

/** A fresh browser context (its own cookies) signed in as `email`, at desktop size. */
export async function signedInPage(browser: Browser, email: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signIn(page, email, password);
  return { context, page };
}

/** Calls a tRPC procedure with the page's session. */
export async function call<T = unknown>(page: Page, kind: 'query' | 'mutation', path: string, input: unknown): Promise<T> {
  const headers = { origin: new URL(baseUrl).origin, 'content-type': 'application/json' };
  const response =
    kind === 'mutation'
      ? await page.request.post(`${baseUrl}/trpc/${path}`, { headers, data: JSON.stringify({ json: input }) })
      : await page.request.get(`${baseUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers });
  const body = (await response.json()) as { result?: { data: { json: T } }; error?: unknown };
  if (!response.ok() || !body.result) throw new Error(`${path} failed: ${JSON.stringify(body.error)}`);
  return body.result.data.json;
}

/** A user of `role`, created by the signed-in admin on `adminPage`. */
export async function createUser(adminPage: Page, role: 'rep' | 'manager' | 'csm' | 'admin', name: string): Promise<{ id: string; email: string }> {
  // Dots only between letters and digits: a name ending in a digit or a space must not make `..` (an invalid address).
  const local = name.toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '');
  const email = `${local}.${Date.now()}@e2e.test`;
  const user = await call<{ id: string }>(adminPage, 'mutation', 'users.create', { email, name, role, password: E2E_PASSWORD });
  return { id: user.id, email };
}

/** A calendar date (YYYY-MM-DD, UTC) `offset` days from today, for close and due dates. */
export const dateInDays = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
