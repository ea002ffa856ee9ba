// Delivery preferences (Settings -> Notifications) and what a digest holds, shared by the form, the server
// and the digest page.
import { z } from 'zod';
import type { RelatedToType, Role } from '../enums';
import { listPaging, recordId, text } from './common';
import { timeZone } from './users';

export const digestFrequencies = ['daily', 'weekly'] as const;
export type DigestFrequency = (typeof digestFrequencies)[number];

export const deliveryChannels = ['email', 'inApp', 'slack'] as const;
export type DeliveryChannel = (typeof deliveryChannels)[number];
export const deliveryChannelLabels: Record<DeliveryChannel, string> = { email: 'Email', inApp: 'In-app inbox', slack: 'Slack' };

/** Weekly digests go out on Mondays (ISO weekday 1). */
export const WEEKLY_DIGEST_WEEKDAY = 1;
export const DEFAULT_DIGEST_HOUR = 9;

/** What a user chose; the Slack webhook URL is kept apart, sealed. */
export interface DeliveryPreferences {
  digestEnabled: boolean;
  frequency: DigestFrequency;
  /** The local hour (0-23) the digest goes out at. */
  hour: number;
  timeZone: string;
  channels: Record<DeliveryChannel, boolean>;
}

/** Managers read a weekly digest; everyone else a daily one (server/domain/README.md, "Digests"). */
export function defaultDeliveryPreferences(user: { role: Role; timeZone: string }): DeliveryPreferences {
  return {
    digestEnabled: true,
    frequency: user.role === 'manager' ? 'weekly' : 'daily',
    hour: DEFAULT_DIGEST_HOUR,
    timeZone: user.timeZone,
    channels: { email: true, inApp: true, slack: false },
  };
}

/** Slack is for managers and admins who paste an incoming-webhook URL. */
export function mayUseSlack(role: Role): boolean {
  return role === 'manager' || role === 'admin';
}

export const deliveryPreferencesUpdate = z
  .object({
    digestEnabled: z.boolean(),
    frequency: z.enum(digestFrequencies, { message: 'Choose daily or weekly' }),
    hour: z.number({ message: 'Choose an hour' }).int().min(0, 'Choose an hour from 0 to 23').max(23, 'Choose an hour from 0 to 23'),
    timeZone,
    channels: z.object({ email: z.boolean(), inApp: z.boolean(), slack: z.boolean() }).partial(),
    /** A new URL to store; null removes the stored one; left out keeps it. */
    slackWebhookUrl: text()
      .trim()
      .max(500, 'A webhook URL has at most 500 characters')
      .pipe(z.url({ message: 'Paste the whole incoming-webhook URL from Slack' }))
      .nullable(),
  })
  .partial();
export type DeliveryPreferencesUpdate = z.output<typeof deliveryPreferencesUpdate>;

// ---------- Digests ----------

export const digestKinds = ['daily', 'weekly', 'preview', 'review'] as const;
export type DigestKind = (typeof digestKinds)[number];
export const digestStatuses = ['Pending', 'Sent', 'Skipped', 'Failed'] as const;
export type DigestStatus = (typeof digestStatuses)[number];

export interface DigestRow {
  /** The record the row names; the email, Slack and the app link it. */
  link: { type: RelatedToType; id: number } | null;
  cells: string[];
}

export interface DigestSection {
  key: string;
  title: string;
  columns: string[];
  rows: DigestRow[];
  /** Rows left out to keep the digest short. */
  more: number;
}

export interface DigestForecast {
  label: string;
  /** Closed + Commit, as a decimal string. */
  call: string;
  /** The call in the previous digest of the same period, if there was one. */
  previousCall: string | null;
}

/** What a pipeline review remembers for the next one to compare with. */
export interface ReviewState {
  reviewId: number;
  /** Open results of the scope's deals, as ruleId:opportunityId. */
  openKeys: string[];
  health: number | null;
}

export interface DigestContent {
  audience: 'rep' | 'manager' | 'csm';
  /** Overrides the subject's "Your pipeline / team / customers" (a pipeline review's name). */
  title?: string;
  /** Lines under the heading (a review's comparison with the previous one). */
  notes?: string[];
  review?: ReviewState;
  recipientName: string;
  /** "Tuesday 24 November" or "Week of 23 November", in the recipient's zone. */
  periodLabel: string;
  forecast: DigestForecast | null;
  sections: DigestSection[];
}

export const digestList = z.object({ cursor: listPaging.cursor, limit: listPaging.limit }).prefault({});
export const digestById = z.object({ id: recordId });
