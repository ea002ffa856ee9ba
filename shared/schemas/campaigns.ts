// Inputs of campaigns.* : a campaign (name, type, channel, dates, cost, owner) and its members (leads and contacts).
import { z } from 'zod';
import { email, money, optionalIsoDate, optionalText, recordId, requiredText, userId } from './common';

export const campaignTypes = ['Webinar', 'Event', 'Email', 'Content', 'Paid ads', 'Partner', 'Other'] as const;
export type CampaignType = (typeof campaignTypes)[number];

export const campaignMemberTypes = ['lead', 'contact'] as const;
export type CampaignMemberType = (typeof campaignMemberTypes)[number];

/** How a member joined: picked by hand, a pasted or uploaded email list, a saved view, or a web-to-lead post naming the campaign. */
export const campaignMemberSources = ['manual', 'import', 'segment', 'web_to_lead'] as const;
export type CampaignMemberSource = (typeof campaignMemberSources)[number];

export const campaignMemberSourceLabels: Record<CampaignMemberSource, string> = {
  manual: 'By hand',
  import: 'Import',
  segment: 'Saved view',
  web_to_lead: 'Web-to-lead',
};

const campaignFields = {
  name: requiredText('Name', 128),
  type: z.enum(campaignTypes, { message: 'Choose a type' }),
  channel: optionalText(64),
  startDate: optionalIsoDate,
  endDate: optionalIsoDate,
  /** What the campaign cost; its return is won revenue against this. */
  cost: money.default('0.00'),
  /** Default: whoever creates it. */
  ownerId: userId.optional(),
};

const datesInOrder = (v: { startDate?: string | null; endDate?: string | null }) => !v.startDate || !v.endDate || v.startDate <= v.endDate;
const datesMessage = { message: 'The end date must be on or after the start date', path: ['endDate'] };

export const campaignCreate = z.object(campaignFields).refine(datesInOrder, datesMessage);
export const campaignUpdate = z
  .object({ id: recordId, version: z.number().int().positive().optional(), ...campaignFields })
  .refine(datesInOrder, datesMessage);
export const campaignRef = z.object({ id: recordId });

const member = z.object({ type: z.enum(campaignMemberTypes, { message: 'Choose a lead or a contact' }), id: recordId });

export const campaignAddMembers = z.object({
  campaignId: recordId,
  members: z.array(member).min(1, 'Choose at least one lead or contact').max(500, 'Add at most 500 at once'),
});

/** An email list (pasted, or a CSV's column): each address matched to a lead or a contact. */
export const campaignImportEmails = z.object({
  campaignId: recordId,
  emails: z
    .array(email)
    .min(1, 'Enter at least one email address')
    .max(5000, 'Import at most 5,000 addresses at once'),
});

export const campaignAddFromSegment = z.object({ campaignId: recordId, viewId: recordId });

/** The campaigns a lead or a contact is a member of (its page's Campaigns panel). */
export const campaignsOfRecord = z.object({ type: z.enum(campaignMemberTypes), id: recordId });

export const campaignRemoveMember = z.object({ campaignId: recordId, type: z.enum(campaignMemberTypes), memberId: recordId });

export type CampaignCreate = z.output<typeof campaignCreate>;
export type CampaignUpdate = z.output<typeof campaignUpdate>;
export type CampaignAddMembers = z.output<typeof campaignAddMembers>;
export type CampaignImportEmails = z.output<typeof campaignImportEmails>;
export type CampaignAddFromSegment = z.output<typeof campaignAddFromSegment>;
export type CampaignRemoveMember = z.output<typeof campaignRemoveMember>;
