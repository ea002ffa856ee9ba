// Validates a plain input with a shared schema where no router did (a conversion's sub-records, a job's
// import row), so a bad value is our field error rather than an unexpected ZodError.
import { z } from 'zod';
import { type FieldErrors, invalid, invalidFields } from './errors';

export function parseInput<Schema extends z.ZodType>(schema: Schema, value: z.input<Schema>): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const { fieldErrors, formErrors } = z.flattenError(result.error);
  const fields = Object.fromEntries(
    Object.entries(fieldErrors as Record<string, string[] | undefined>).filter(([, messages]) => messages?.length),
  ) as FieldErrors;
  if (Object.keys(fields).length > 0) throw invalidFields(fields);
  throw invalid(formErrors[0] ?? 'Invalid input');
}
