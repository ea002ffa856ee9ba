// Saved list views (views.list / views.save / views.delete) and bulk changes to the records of a list.
import { z } from 'zod';
import { stage } from './opportunities';
import { editableLeadStatus } from './leads';
import { healthStatus, projectStatus } from './projects';
import { caseStatus } from './cases';
import { optionalText, recordId, requiredText, text, userId } from './common';

export const viewLists = ['accounts', 'contacts', 'leads', 'opportunities', 'projects', 'cases', 'tasks'] as const;
export type ViewList = (typeof viewLists)[number];

const list = z.enum(viewLists, { message: 'Choose a list' });

/** A list's URL query: short keys and values, at most 30 of them. */
const viewParams = z
  .record(text().min(1).max(32).regex(/^[a-zA-Z]+$/, 'Unknown filter'), text().max(500))
  .refine((p) => Object.keys(p).length <= 30, 'Too many filters');

export const viewListInput = z.object({ list });

export const viewSave = z.object({
  /** Present to change one of the user's own views. */
  id: recordId.optional(),
  list,
  name: requiredText('Name', 80),
  params: viewParams,
  shared: z.boolean().default(false),
});

export const viewDelete = z.object({ id: recordId });

export type ViewSave = z.infer<typeof viewSave>;

/** At most this many records in one bulk change (a page of a list, a few times over). */
export const BULK_MAX = 200;
const ids = z.array(recordId).min(1, 'Select at least one record').max(BULK_MAX, `Select at most ${BULK_MAX} records at once`);

export const opportunityBulkUpdate = z.object({
  ids,
  changes: z
    .object({
      ownerId: userId.optional(),
      stage: stage.optional(),
      lossReason: optionalText(255).optional(),
      /** Why the deals this move takes past empty expected fields leave them empty (shared/stageGate.ts). */
      gateSkipReason: optionalText(500).optional(),
    })
    .refine((c) => c.ownerId !== undefined || c.stage !== undefined, 'Choose a new owner or a stage'),
});

export const bulkDelete = z.object({ ids });

export type OpportunityBulkUpdate = z.infer<typeof opportunityBulkUpdate>;

/** What a bulk stage change would ask of the selected deals, before it is made. */
export const opportunityStageGates = z.object({ ids, stage });

const someChange = (c: Record<string, unknown>) => Object.values(c).some((v) => v !== undefined);
/** A bulk change of the other lists: a new owner and, where the record has one, a status. */
const bulkChanges = <T extends z.ZodRawShape>(shape: T, message: string) =>
  z.object({ ids, changes: z.object({ ownerId: userId.optional(), ...shape }).refine(someChange, message) });

export const accountBulkUpdate = bulkChanges({}, 'Choose a new owner');
export const contactBulkUpdate = bulkChanges({}, 'Choose a new owner');
export const leadBulkUpdate = bulkChanges({ status: editableLeadStatus.optional() }, 'Choose a new owner or a status');
export const projectBulkUpdate = bulkChanges(
  { status: projectStatus.optional(), healthStatus: healthStatus.optional() },
  'Choose a new owner, a status or a health',
);
export const caseBulkUpdate = bulkChanges({ status: caseStatus.optional() }, 'Choose a new owner or a status');

/** What any bulk update carries: the records and the fields to set on each. */
export interface BulkUpdate<C> {
  ids: number[];
  changes: C;
}

/** What happened to each record of a bulk change: done, or refused with the reason. */
export interface BulkResult {
  id: number;
  ok: boolean;
  error?: string;
}
