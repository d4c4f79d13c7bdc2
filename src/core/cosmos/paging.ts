/**
 * How many rows a list query asks for per page (`maxItemCount`).
 *
 * Without it the SDK sends no page size: Azure then answers 100 rows a
 * request (250 round trips for 25,000 cases), and the embedded store the
 * whole result in one answer (6 MB parsed on the bot's thread in one go,
 * 30–60 ms, more under load). With it, `fetchAll` reads page after page and
 * awaits each, so the bot's event loop turns between pages, each page's JSON
 * is about half a megabyte of list rows, and Azure needs a tenth of the
 * requests; Azure also ends a page at 4 MB, whatever is asked. The embedded
 * store runs a paged query once and hands out the rest page by page; a list
 * query (no ORDER BY, TOP, aggregate or JOIN) it runs a page at a time over
 * the documents its first page found (patches/@vercel+cosmosdb-server+1.0.1.patch).
 */
import type { FeedOptions } from '@azure/cosmos';

export const LIST_PAGE_ROWS = 2000;

/**
 * The options of one list query: a new object for every query, since the SDK
 * writes its continuation into the options it is given while it pages, and
 * two queries sharing one object could read each other's.
 */
export function listPage(options: FeedOptions = {}): FeedOptions {
  return { maxItemCount: LIST_PAGE_ROWS, ...options };
}
