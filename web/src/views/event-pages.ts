/**
 * Paging the Events view. The URL holds the page's cursor (the API's own, opaque), so a link opens
 * that page; going back a page needs the cursor before it, which the API does not give: it is
 * remembered as pages are turned, and found by following the pages from the first when a link
 * opened a later page directly.
 */
import { apiUrl, getJson, type Params } from '../api/client.ts';
import type { EventsPage } from '../api/types.ts';

/** The cursor of the page before each page seen, by that page's cursor (undefined: page 1). */
const before = new Map<string, string | undefined>();

/** Remembers that the page at `next` follows the page at `cursor`. */
export const rememberNext = (cursor: string | undefined, next: string): void => void before.set(next, cursor);

/**
 * The cursor of the page before the one at `cursor` (`offset` events in) of a query with pages of
 * `size`; undefined for page 1. Followed from the first page when not remembered (the pages come
 * through the answer cache, so turning back to them later is instant).
 */
export async function cursorBefore(
  query: Params,
  cursor: string,
  offset: number,
  size: number,
): Promise<string | undefined> {
  if (before.has(cursor)) return before.get(cursor);
  let at: string | undefined;
  for (let seen = 0; seen + size < offset; seen += size) {
    const page = await getJson<EventsPage>(apiUrl('/events', { ...query, cursor: at }));
    if (!page.next_cursor) break;
    rememberNext(at, page.next_cursor);
    at = page.next_cursor;
  }
  return at;
}
