// Lead inputs: the lead form, the convert dialog and the server validate with these.
import { z } from 'zod';
import { leadStatuses } from '../enums';
import { stages } from '../stages';
import { dateRange, expectedVersion, filterText, listPaging, optionalEmail, optionalIsoDate, optionalMoney, optionalText, recordId, requiredText, userId } from './common';

export const leadStatus = z.enum(leadStatuses, { message: 'Choose a lead status' });
/** 'Converted' is set only by converting the lead. */
export const editableLeadStatus = leadStatus.exclude(['Converted'], { message: 'Choose a lead status (Converted is set by converting the lead)' });

const employees = z
  .number({ message: 'Enter a number of employees' })
  .int('Enter a whole number')
  .min(0, 'Enter a number of employees')
  .max(100_000_000, 'Enter a number of employees')
  .nullish()
  .transform((v) => v ?? null);

/** Fields a user edits; on update each may be left out (unchanged) or cleared with '' / null. */
const editable = {
  email: optionalEmail.pipe(z.string().max(320, 'Must be at most 320 characters').nullable()),
  phone: optionalText(64),
  title: optionalText(255),
  industry: optionalText(128),
  employees,
  region: optionalText(64),
  leadSource: optionalText(64),
};

export const leadCreate = z.object({
  firstName: requiredText('First name', 128),
  lastName: requiredText('Last name', 128),
  company: requiredText('Company'),
  status: editableLeadStatus.default('New'),
  ownerId: userId.optional(),
  ...editable,
});

export const leadUpdate = z.object({
  id: recordId,
  version: expectedVersion,
  firstName: requiredText('First name', 128).optional(),
  lastName: requiredText('Last name', 128).optional(),
  company: requiredText('Company').optional(),
  status: editableLeadStatus.optional(),
  ownerId: userId.optional(),
  email: editable.email.optional(),
  phone: editable.phone.optional(),
  title: editable.title.optional(),
  industry: editable.industry.optional(),
  employees: editable.employees.optional(),
  region: editable.region.optional(),
  leadSource: editable.leadSource.optional(),
});

export const leadSorts = ['createdAt', 'updatedAt', 'score', 'company'] as const;
export type LeadSort = (typeof leadSorts)[number];

export const leadList = z
  .object({
    ownerId: userId.optional(),
    status: leadStatus.optional(),
    leadSource: filterText(64),
    /** Matches first or last name, full name, email or company. */
    search: filterText(),
    createdAt: dateRange.optional(),
    sort: z.enum(leadSorts).default('createdAt'),
    ...listPaging,
  })
  .prefault({});

/** A converted lead's deal starts in an open stage; closing it is a separate step with its own rules. */
export const openStage = z.enum(stages, { message: 'Choose a stage' }).exclude(['Closed Won', 'Closed Lost'], {
  message: 'Choose an open stage',
});

export const leadConvert = z
  .object({
    id: recordId,
    version: expectedVersion,
    /** Link the new contact (and deal) to this existing account ... */
    accountId: recordId.nullish().transform((v) => v ?? null),
    /** ... or create an account with this name (default: the lead's company). */
    accountName: requiredText('Account name').optional(),
    createOpportunity: z
      .object({
        opportunityName: requiredText('Opportunity name'),
        amount: optionalMoney.optional(),
        closeDate: optionalIsoDate,
        stage: openStage.default('Prospecting'),
      })
      .optional(),
  })
  .refine((v) => v.accountId === null || v.accountName === undefined, {
    message: 'Either link an existing account or name a new one, not both',
    path: ['accountName'],
  });

export const leadId = z.object({ id: recordId });

export type LeadCreate = z.infer<typeof leadCreate>;
export type LeadUpdate = z.infer<typeof leadUpdate>;
export type LeadList = z.infer<typeof leadList>;
export type LeadConvert = z.infer<typeof leadConvert>;
