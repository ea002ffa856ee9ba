// Case inputs: the case form and the server validate with these.
import { z } from 'zod';
import { casePriorities, caseStatuses } from '../enums';
import { dateRange, expectedVersion, filterText, listPaging, optionalText, recordId, requiredText, userId } from './common';

export const caseStatus = z.enum(caseStatuses, { message: 'Choose a case status' });
export const casePriority = z.enum(casePriorities, { message: 'Choose Low, Medium, High or Urgent' });

/** A date and time; leave it out to get the priority's default (Urgent 4h, High 8h, Medium 24h, Low 72h). */
const slaDueAt = z.coerce.date({ message: 'Enter a date and time' });

export const caseCreate = z.object({
  accountId: recordId,
  /** A person at the same account. */
  contactId: recordId.nullish().transform((v) => v ?? null),
  subject: requiredText('Subject', 500),
  // TEXT holds 64 KB; 10,000 characters fit in any encoding.
  description: optionalText(10_000),
  status: caseStatus.default('New'),
  priority: casePriority.default('Medium'),
  slaDueAt: slaDueAt.optional(),
  ownerId: userId.optional(),
});

export const caseUpdate = z.object({
  id: recordId,
  version: expectedVersion,
  accountId: recordId.optional(),
  contactId: recordId
    .nullish()
    .transform((v) => v ?? null)
    .optional(),
  subject: requiredText('Subject', 500).optional(),
  description: optionalText(10_000).optional(),
  status: caseStatus.optional(),
  priority: casePriority.optional(),
  slaDueAt: slaDueAt.optional(),
  ownerId: userId.optional(),
});

export const caseSorts = ['slaDueAt', 'createdAt', 'updatedAt', 'priority'] as const;
export type CaseSort = (typeof caseSorts)[number];

export const caseList = z
  .object({
    ownerId: userId.optional(),
    status: caseStatus.optional(),
    priority: casePriority.optional(),
    accountId: recordId.optional(),
    slaDueAt: dateRange.optional(),
    /** Matches the subject or the case number. */
    search: filterText(),
    /** true: open cases past their SLA due time; false: the others. */
    breached: z.boolean().optional(),
    /** `priority` sorts by urgency (Low < Medium < High < Urgent), not alphabetically. */
    sort: z.enum(caseSorts).default('slaDueAt'),
    ...listPaging,
  })
  .prefault({});

export const caseId = z.object({ id: recordId });

export type CaseCreate = z.infer<typeof caseCreate>;
export type CaseUpdate = z.infer<typeof caseUpdate>;
export type CaseList = z.infer<typeof caseList>;
