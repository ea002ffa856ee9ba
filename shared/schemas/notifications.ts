// The in-app inbox: what a notification is about, and the inputs of notifications.list / markRead.
import { z } from 'zod';
import { relatedToTypes } from '../enums';
import { listPaging, recordId } from './common';

export const notificationKinds = ['assignment', 'caseSla', 'projectHealth', 'deadJob', 'emailConnection', 'digest', 'playbook', 'report'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** The records a notification can link to: the core records, a delivered digest, a saved report. */
export const notificationRecordTypes = [...relatedToTypes, 'digest', 'report'] as const;
export type NotificationRecordType = (typeof notificationRecordTypes)[number];

/** How long the inbox keeps a notification, read or not. */
export const NOTIFICATION_RETENTION_DAYS = 90;

export const notificationList = z
  .object({
    unreadOnly: z.boolean().default(false),
    cursor: listPaging.cursor,
    limit: listPaging.limit,
  })
  .prefault({});

/** One notification by id, or all of the user's unread ones. */
export const notificationMarkRead = z.union([z.object({ id: recordId }), z.object({ all: z.literal(true) })]);

export type NotificationList = z.output<typeof notificationList>;
export type NotificationMarkRead = z.output<typeof notificationMarkRead>;
