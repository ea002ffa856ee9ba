// Inputs of email capture's procedures: connections (sync now, disconnect, sharing level) and the blocklist.
import { z } from 'zod';
import { blocklistScopes, sharingLevels } from '../enums';
import { listPaging, recordId, text } from './common';

const domainPattern = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const addressPattern = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

/** An address (jane@acme.com) or a whole domain (@acme.com), lower-cased. */
export const blocklistValue = text()
  .trim()
  .toLowerCase()
  .pipe(
    z
      .string()
      .min(1, 'Enter an address or @domain')
      .max(320, 'At most 320 characters')
      .refine((v) => (v.startsWith('@') ? domainPattern.test(v.slice(1)) : addressPattern.test(v)), 'Enter an address like jane@acme.com or a domain like @acme.com'),
  );

export const blocklistAdd = z.object({
  value: blocklistValue,
  scope: z.enum(blocklistScopes, { message: 'Choose whose blocklist' }).default('user'),
});
export type BlocklistAdd = z.output<typeof blocklistAdd>;

export const blocklistRemove = z.object({ id: recordId });

export const connectionRef = z.object({ id: recordId });

export const setSharingLevel = z.object({
  id: recordId,
  sharingLevel: z.enum(sharingLevels, { message: 'Choose what others see' }),
});
export type SetSharingLevel = z.output<typeof setSharingLevel>;

export const sharingLevelLabels: Record<(typeof sharingLevels)[number], string> = {
  metadata: 'Participants and time only',
  subject: 'Subject too',
  full: 'Subject and snippet',
};

/** Admins' view of capture failures: failed webhook deliveries (newest first) and dead sync jobs. */
export const captureFailureList = z
  .object({ cursor: listPaging.cursor, limit: listPaging.limit })
  .prefault({});
export type CaptureFailureList = z.output<typeof captureFailureList>;

export const captureFailureRef = z.object({ id: recordId });
