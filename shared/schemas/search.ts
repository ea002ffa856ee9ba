// Global search (the command palette) and the recently viewed records it shows before anything is typed.
import { z } from 'zod';
import { relatedToTypes } from '../enums';
import { recordId, text } from './common';

export const searchGlobal = z.object({
  /** What was typed; empty answers the recently viewed records. */
  q: text().trim().max(100, 'Search for at most 100 characters').optional(),
  limit: z.number().int().min(1).max(50).default(20),
});

export const recordViewInput = z.object({ type: z.enum(relatedToTypes), id: recordId });

export type SearchGlobal = z.infer<typeof searchGlobal>;

/** One record found: enough to show it in a list and open it. */
export interface SearchHit {
  type: (typeof relatedToTypes)[number];
  id: number;
  title: string;
  /** The second line: an email, a domain, a stage or a status. */
  subtitle: string | null;
  /** The account it belongs to (a lead's company). */
  accountName: string | null;
  ownerName: string;
}
