// The only code that talks to Anthropic: one SDK client per configuration, and what its failures mean to a user.
// The SDK retries 408/409/429/5xx and lost connections itself, with exponential backoff and jitter, honouring
// retry-after(-ms); we bound each attempt by a timeout and the number of retries.
import Anthropic, { APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import type { AnthropicEnv } from '../env';

export { Anthropic };

/** One attempt may take this long; the SDK retries a timed-out attempt (MAX_RETRIES) before giving up. */
export const REQUEST_TIMEOUT_MS = 60_000;
export const MAX_RETRIES = 2;
const ANTHROPIC_API_URL = 'https://api.anthropic.com';

const clients = new WeakMap<AnthropicEnv, Anthropic>();

/** The SDK client for this configuration, or null when no key is set (AI is not configured). */
export function anthropicClient(env: AnthropicEnv): Anthropic | null {
  if (!env.configured || !env.apiKey) return null;
  let client = clients.get(env);
  if (!client) {
    client = new Anthropic({
      apiKey: env.apiKey,
      // Always explicit: the SDK would otherwise read ANTHROPIC_BASE_URL itself, and only env.ts reads the environment.
      baseURL: env.baseUrl ?? ANTHROPIC_API_URL,
      timeout: REQUEST_TIMEOUT_MS,
      maxRetries: MAX_RETRIES,
    });
    clients.set(env, client);
  }
  return client;
}

/** What a review or answer the user stopped says (stored as its error, status cancelled). */
export const CANCELLED_MESSAGE = 'Stopped before Claude finished.';

export const NOT_CONFIGURED_MESSAGE = 'AI is not configured: an admin sets ANTHROPIC_API_KEY to turn on the assistant.';

/** What a failed call to Claude means to the user, in words they can act on (the details go to the log). */
export function aiFailureMessage(error: unknown): string {
  if (error instanceof APIConnectionTimeoutError) return 'Claude did not answer in time. Please try again in a moment.';
  if (error instanceof APIUserAbortError) return 'The request to Claude was cancelled.';
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    if (status === 429) return 'Claude is busy right now (rate limited), even after retrying. Please try again in a minute.';
    if (status === 401 || status === 403) return 'Claude refused the API key. An admin should check ANTHROPIC_API_KEY.';
    if (status === 529 || status >= 500) return 'Claude is unavailable right now, even after retrying. Please try again later.';
    if (status === 0) return 'Could not reach Claude. Please try again later.';
    return `Claude could not handle the request (HTTP ${status}).`;
  }
  return 'The AI call failed unexpectedly. It has been logged; please try again.';
}
