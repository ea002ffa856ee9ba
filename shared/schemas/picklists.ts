// Admin-managed picklists (Settings -> Fields): the values forms offer for industry, region, lead source,
// a contact's buying role and a deal's main competitor.
import { z } from 'zod';
import { recordId, requiredText } from './common';

export const picklists = ['industry', 'region', 'leadSource', 'buyingRole', 'competitor'] as const;
export type Picklist = (typeof picklists)[number];

export const picklistLabels: Record<Picklist, string> = {
  industry: 'Industry',
  region: 'Region',
  leadSource: 'Lead source',
  buyingRole: 'Buying role',
  competitor: 'Competitor',
};

/** Where each list's values live: a rename rewrites these columns. */
export const picklistUsedOn: Record<Picklist, string> = {
  industry: 'accounts and leads',
  region: 'accounts and leads',
  leadSource: 'leads',
  buyingRole: 'contacts',
  competitor: 'opportunities and win/loss records',
};

/** The narrowest column a list's values go into (region and buying role: varchar(64)). */
export const PICKLIST_VALUE_MAX = 64;

const picklist = z.enum(picklists, { message: 'Choose a picklist' });
const value = requiredText('Value', PICKLIST_VALUE_MAX);

export const picklistListInput = z.object({ picklist: picklist.optional() }).optional();
export const picklistAdd = z.object({ picklist, value });
export const picklistRename = z.object({ id: recordId, value });
export const picklistReorder = z.object({ picklist, ids: z.array(recordId).min(1).max(500) });
export const picklistSetActive = z.object({ id: recordId, active: z.boolean() });

export type PicklistAdd = z.infer<typeof picklistAdd>;
export type PicklistRename = z.infer<typeof picklistRename>;
export type PicklistReorder = z.infer<typeof picklistReorder>;
export type PicklistSetActive = z.infer<typeof picklistSetActive>;
