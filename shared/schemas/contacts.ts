// Contact inputs: the contact form and the server validate with these.
import { z } from 'zod';
import { dateRange, expectedVersion, filterText, listPaging, optionalEmail, optionalText, recordId, requiredText, userId } from './common';

const editable = {
  /** Stored lower-cased; unique across contacts whatever its case. */
  email: optionalEmail.pipe(z.string().max(320, 'Must be at most 320 characters').nullable()),
  phone: optionalText(64),
  title: optionalText(255),
  /** Their part in the buying decision, e.g. Economic Buyer, Champion, Technical Evaluator. */
  role: optionalText(64),
  accountId: recordId.nullish().transform((v) => v ?? null),
};

export const contactCreate = z.object({
  firstName: requiredText('First name', 128),
  lastName: requiredText('Last name', 128),
  ownerId: userId.optional(),
  ...editable,
});

export const contactUpdate = z.object({
  id: recordId,
  version: expectedVersion,
  firstName: requiredText('First name', 128).optional(),
  lastName: requiredText('Last name', 128).optional(),
  ownerId: userId.optional(),
  email: editable.email.optional(),
  phone: editable.phone.optional(),
  title: editable.title.optional(),
  role: editable.role.optional(),
  accountId: editable.accountId.optional(),
});

export const contactSorts = ['lastName', 'createdAt', 'updatedAt', 'lastActivityAt'] as const;
export type ContactSort = (typeof contactSorts)[number];

export const contactList = z
  .object({
    ownerId: userId.optional(),
    accountId: recordId.optional(),
    /** Matches first name, last name, "first last" or email. */
    search: filterText(),
    createdAt: dateRange.optional(),
    sort: z.enum(contactSorts).default('lastName'),
    ...listPaging,
  })
  .prefault({});

/** An account's contacts by last name (keyset on lastName, id). */
export const contactListByAccount = z.object({
  accountId: recordId,
  cursor: listPaging.cursor,
  limit: listPaging.limit,
});

export const contactId = z.object({ id: recordId });

export type ContactCreate = z.infer<typeof contactCreate>;
export type ContactUpdate = z.infer<typeof contactUpdate>;
export type ContactList = z.infer<typeof contactList>;
export type ContactListByAccount = z.infer<typeof contactListByAccount>;
