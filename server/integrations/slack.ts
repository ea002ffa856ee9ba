// Slack incoming webhooks: one POST of a message to a URL the user pasted from Slack. The URL must start
// with SLACK_WEBHOOK_BASE (Slack's own by default), so a stored URL cannot make the server call elsewhere.
import type { Env } from '../env';

export interface SlackMessage {
  /** The notification's plain text (Slack's mrkdwn: *bold*, <url|label> links). */
  text: string;
  blocks?: unknown[];
}

const TIMEOUT_MS = 15_000;

export function isSlackWebhookUrl(env: Pick<Env, 'slack'>, url: string): boolean {
  return url.startsWith(env.slack.webhookBase);
}

export class SlackError extends Error {}

export async function postToSlack(env: Pick<Env, 'slack'>, webhookUrl: string, message: SlackMessage): Promise<void> {
  if (!isSlackWebhookUrl(env, webhookUrl)) throw new SlackError(`The webhook URL must start with ${env.slack.webhookBase}`);
  const res = await fetch(webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(TIMEOUT_MS),
    redirect: 'error',
  });
  if (!res.ok) throw new SlackError(`Slack answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
}
