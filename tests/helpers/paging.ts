// Walking a keyset-paged list the way a client does, for the paging tests of every list.
import type { Page } from '../../shared/schemas/common';

/**
 * Asks for the first page, then follows nextCursor until it is null. Returns every item in the order
 * served, how many pages that took and the size of the largest page. Gives up after maxPages, so a cursor
 * that never ends fails the test's expectations instead of hanging it.
 */
export async function walkPages<T>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  maxPages = 50,
): Promise<{ items: T[]; pages: number; largestPage: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  let largestPage = 0;
  do {
    const page: Page<T> = await fetchPage(cursor);
    items.push(...page.items);
    largestPage = Math.max(largestPage, page.items.length);
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < maxPages);
  return { items, pages, largestPage };
}
