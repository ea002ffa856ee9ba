// Account inputs: the account form and the server validate with these.
import { z } from 'zod';
import { securityPostures } from '../enums';
import { normaliseWebAddress } from '../webAddresses';
import { dateRange, expectedVersion, filterText, listPaging, optionalText, recordId, requiredText, userId } from './common';

const securityPosture = z.enum(securityPostures, { message: 'Choose standard or strict' });

/** http(s) only, stored normalised ('acme.com' becomes 'https://acme.com'); '' and null clear it. */
const website = optionalText(512)
  .transform((value, ctx) => {
    if (value === null) return null;
    const address = normaliseWebAddress(value);
    if (address.ok) return address.url;
    ctx.addIssue({ code: 'custom', message: address.message });
    return z.NEVER;
  })
  .pipe(z.string().max(512, 'Must be at most 512 characters').nullable());

/** Fields a user edits; on update each may be left out (unchanged) or cleared with '' / null. */
const editable = {
  industry: optionalText(128),
  region: optionalText(64),
  vertical: optionalText(128),
  website,
  /** Optional: derived from the website when left empty; the server normalises and checks it. */
  domain: optionalText(255),
  parentAccountId: recordId.nullish().transform((v) => v ?? null),
};

export const accountCreate = z.object({
  accountName: requiredText('Account name'),
  securityPosture: securityPosture.default('standard'),
  ownerId: userId.optional(),
  ...editable,
});

export const accountUpdate = z.object({
  id: recordId,
  version: expectedVersion,
  accountName: requiredText('Account name').optional(),
  securityPosture: securityPosture.optional(),
  ownerId: userId.optional(),
  industry: editable.industry.optional(),
  region: editable.region.optional(),
  vertical: editable.vertical.optional(),
  website: editable.website.optional(),
  domain: editable.domain.optional(),
  parentAccountId: editable.parentAccountId.optional(),
});

export const accountSorts = ['accountName', 'createdAt', 'updatedAt', 'lastActivityAt'] as const;
export type AccountSort = (typeof accountSorts)[number];

export const accountList = z
  .object({
    ownerId: userId.optional(),
    industry: filterText(128),
    region: filterText(64),
    parentAccountId: recordId.optional(),
    /** Matches the account name or domain. */
    search: filterText(),
    createdAt: dateRange.optional(),
    sort: z.enum(accountSorts).default('accountName'),
    ...listPaging,
  })
  .prefault({});

export const accountId = z.object({ id: recordId });

export type AccountCreate = z.infer<typeof accountCreate>;
export type AccountUpdate = z.infer<typeof accountUpdate>;
export type AccountList = z.infer<typeof accountList>;
