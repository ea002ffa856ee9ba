// Global search, the pure part: reading what was typed, and ranking what the indexes found.
// Specified in server/domain/README.md ("Global search").

export interface SearchTerms {
  /** What was typed, trimmed, inner runs of spaces collapsed. */
  text: string;
  /** The words of `text`. */
  words: string[];
  /** Looks like the start of a phone number (digits, +, spaces, brackets, dots, dashes; 3+ digits). */
  phone: boolean;
  /** As a domain: lower-cased, without scheme, "www." or path (null when it has spaces). */
  domain: string | null;
}

export function searchTerms(q: string): SearchTerms {
  const text = q.trim().replace(/\s+/g, ' ');
  const words = text === '' ? [] : text.split(' ');
  const phone = /^\+?[\d\s().-]+$/.test(text) && (text.match(/\d/g)?.length ?? 0) >= 3;
  const domain = words.length === 1 ? text.toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/^www\./, '').replace(/\/.*$/, '') || null : null;
  return { text, words, phone, domain };
}

/** A LIKE pattern for "starts with `value`": the value's own % and _ match only themselves. */
export function likePrefix(value: string): string {
  return `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Which field of a record the typed text matched. */
export type MatchedOn = 'name' | 'person' | 'other';

export interface Candidate {
  title: string;
  matchedOn: MatchedOn;
  /** Owned by whoever is searching. */
  mine: boolean;
  /** A lead already converted: its contact is the record to open. */
  converted?: boolean;
  lastActivityAt?: Date | null;
}

/**
 * Lower ranks first: the title exactly as typed, then titles that start with it, then a person's
 * first and last name matched word by word, then another field (email, domain, phone, company, case number).
 * The searcher's own records come before others' of the same kind of match; a converted lead after its peers.
 */
export function searchRank(c: Candidate, terms: SearchTerms): number {
  const title = c.title.toLowerCase();
  const typed = terms.text.toLowerCase();
  let rank = title === typed ? 0 : c.matchedOn === 'name' && title.startsWith(typed) ? 10 : c.matchedOn === 'other' ? 30 : 20;
  if (c.mine) rank -= 5;
  if (c.converted) rank += 15;
  return rank;
}

/** Sorts by rank, then the shorter (closer) title, then the most recently active; stable otherwise. */
export function compareCandidates(terms: SearchTerms) {
  return (a: Candidate, b: Candidate): number =>
    searchRank(a, terms) - searchRank(b, terms) ||
    a.title.length - b.title.length ||
    (b.lastActivityAt?.getTime() ?? 0) - (a.lastActivityAt?.getTime() ?? 0);
}
