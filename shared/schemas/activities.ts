// Activities: calls, emails, meetings, notes and tasks logged against a CRM record.
import { z } from 'zod';
import { activityDirections, activityTypes, relatedToTypes } from '../enums';
import { listPaging, optionalText, pageSize, recordId, requiredText } from './common';

/** A point in time from a form or a Date; '' and null clear the field. */
const dateTime = z.coerce.date({ message: 'Enter a valid date and time' });
const optionalDateTime = z.preprocess((v) => (v === '' ? null : v), dateTime.nullish());

const activityType = z.enum(activityTypes, { message: 'Choose an activity type' });
const relatedToType = z.enum(relatedToTypes, { message: 'Choose what the activity is about' });
const typeFilter = z.array(activityType).min(1).max(activityTypes.length).optional();

/** TEXT holds 65,535 bytes: 16,000 characters fit even at 4 bytes each. */
export const activityBodyMaxLength = 16_000;
const body = optionalText(activityBodyMaxLength);

export const activityCreate = z
  .object({
    type: activityType,
    subject: requiredText('Subject', 500),
    body,
    /** When it happened; the server uses "now" when absent. */
    occurredAt: dateTime.optional(),
    dueAt: optionalDateTime,
    direction: z.enum(activityDirections, { message: 'Choose inbound or outbound' }).nullish(),
    relatedToType,
    relatedToId: recordId,
  })
  .refine((a) => a.type !== 'task' || a.dueAt, { path: ['dueAt'], message: 'A task needs a due date' });

export const activityUpdate = z.object({
  id: recordId,
  subject: requiredText('Subject', 500).optional(),
  body: body.optional(),
  dueAt: optionalDateTime,
  /** Tasks only: true marks the task done (now), false reopens it. */
  completed: z.boolean().optional(),
});

export const activityDelete = z.object({ id: recordId });

export const activityListByRelated = z.object({
  relatedToType,
  relatedToId: recordId,
  types: typeFilter,
  cursor: listPaging.cursor,
  limit: pageSize,
});

export const activityTimeline = z.object({
  accountId: recordId,
  types: typeFilter,
  cursor: listPaging.cursor,
  limit: pageSize,
});

export type ActivityCreate = z.infer<typeof activityCreate>;
export type ActivityUpdate = z.infer<typeof activityUpdate>;
export type ActivityListByRelated = z.infer<typeof activityListByRelated>;
export type ActivityTimeline = z.infer<typeof activityTimeline>;

/** How each kind of related record is named in messages and pickers. */
export const relatedToTypeLabels: Record<(typeof relatedToTypes)[number], string> = {
  account: 'Account',
  contact: 'Contact',
  lead: 'Lead',
  opportunity: 'Opportunity',
  project: 'Project',
  case: 'Case',
};
