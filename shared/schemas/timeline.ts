// A record's timeline (timeline.record) and the admin audit log (audit.list).
import { z } from 'zod';
import { activityTypes, relatedToTypes } from '../enums';
import { listPaging, pageSize, recordId, userId } from './common';

export const timelineKinds = ['activity', 'change'] as const;
export type TimelineKind = (typeof timelineKinds)[number];

export const timelineInput = z.object({
  type: z.enum(relatedToTypes, { message: 'Choose a record type' }),
  id: recordId,
  /** Activities, changes from the audit log, or both (absent). */
  kinds: z.array(z.enum(timelineKinds)).min(1).max(timelineKinds.length).optional(),
  activityTypes: z.array(z.enum(activityTypes)).min(1).max(activityTypes.length).optional(),
  cursor: listPaging.cursor,
  limit: pageSize.default(20),
});
export type TimelineInput = z.infer<typeof timelineInput>;

/** What the audit log can be filtered to: the business records people ask about, and the rest by name. */
export const auditEntityTypes = [
  ...relatedToTypes,
  'activity',
  'user',
  'settings',
  'product',
  'lineItem',
  'milestone',
  'opportunityContact',
  'picklist',
  'playbook',
  'web_to_lead_source',
  'email_connection',
] as const;

export const auditListInput = z
  .object({
    actorId: userId.optional(),
    entityType: z.enum(auditEntityTypes, { message: 'Choose a record type' }).optional(),
    /** Instants: the client turns the admin's local days into them. */
    from: z.coerce.date({ message: 'Enter a valid date' }).optional(),
    to: z.coerce.date({ message: 'Enter a valid date' }).optional(),
    cursor: listPaging.cursor,
    limit: pageSize,
  })
  .refine((i) => !i.from || !i.to || i.from <= i.to, { path: ['to'], message: 'The end is before the start' });
export type AuditListInput = z.infer<typeof auditListInput>;
