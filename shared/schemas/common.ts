// Building blocks of every input schema: ids, trimmed text, dates, money, list paging.
import { z } from 'zod';

// A UTF-16 surrogate without its pair (half an emoji, from a bad paste or a crafted request) is no character
// at all: it cannot be stored as UTF-8, and the audit log's JSON insert failed on it with a 500.
const LONE_SURROGATE = /\p{Surrogate}/u;
export const BROKEN_TEXT_MESSAGE = 'Contains a broken character (half of an emoji or symbol); type it again';

/** Every text input starts here: a string of well-formed Unicode. */
export const text = () => z.string().refine((v) => !LONE_SURROGATE.test(v), BROKEN_TEXT_MESSAGE);

export const recordId = z.number({ message: 'Choose a record' }).int().positive();
export const userId = text().min(1, 'Choose a user').max(36);

/** Required text, trimmed; `label` names the field in the message. */
export const requiredText = (label: string, max = 255) =>
  text().trim().min(1, `${label} is required`).max(max, `${label} must be at most ${max} characters`);

/** Optional text: empty strings become null so forms can clear a field. */
export const optionalText = (max = 255) =>
  text()
    .trim()
    .max(max, `Must be at most ${max} characters`)
    .nullish()
    .transform((v) => (v ? v : null));

/** A list filter or search box: trimmed, left out when not filtering. */
export const filterText = (max = 100) => text().trim().max(max, `Must be at most ${max} characters`).optional();

export const email = text().trim().toLowerCase().pipe(z.email('Enter a valid email address')).pipe(z.string().max(320));
export const optionalEmail = text()
  .trim()
  .toLowerCase()
  .nullish()
  .transform((v) => (v ? v : null))
  .pipe(z.email('Enter a valid email address').nullable());

/** A calendar date as YYYY-MM-DD (close dates, due dates). */
export const isoDate = z.iso.date({ message: 'Enter a date as YYYY-MM-DD' });
export const optionalIsoDate = z
  .string()
  .nullish()
  .transform((v) => (v ? v : null))
  .pipe(isoDate.nullable());

/** Money as a decimal string with at most 2 decimals (DECIMAL(15,2)); numbers are accepted too. */
export const money = z
  .union([z.number(), z.string().trim()])
  .transform((v) => (typeof v === 'number' ? v.toFixed(2) : v))
  .pipe(
    z
      .string()
      .regex(/^\d{1,13}(\.\d{1,2})?$/, 'Enter an amount of at least 0 with up to 2 decimals')
  );
export const optionalMoney = z
  .union([z.number(), z.string().trim(), z.null()])
  .optional()
  .transform((v) => (v === '' || v === undefined || v === null ? null : v))
  .pipe(money.nullable());

export const pageSize = z.number().int().min(1).max(200).default(50);

/** Every list takes these: an opaque keyset cursor and a page size (no OFFSET paging). */
export const listPaging = {
  cursor: text().max(500).nullish(),
  limit: pageSize,
  sortDirection: z.enum(['asc', 'desc']).default('asc'),
};

/** Inclusive range on a date or time field. */
export const dateRange = z
  .object({ from: z.coerce.date().optional(), to: z.coerce.date().optional() })
  .refine((r) => !r.from || !r.to || r.from <= r.to, { message: 'The start must be before the end', path: ['to'] });

/** Optimistic concurrency: send the version you loaded; a newer one on the server is a conflict. */
export const expectedVersion = z.number().int().positive().optional();

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
