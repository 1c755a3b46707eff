/** One page of a list endpoint (API conventions: `?limit=&cursor=`). */
export type Page<T> = { items: T[]; next_cursor: string | null };

/**
 * Every item of a list endpoint, page after page, fetched as the loop asks for them: a loop
 * that stops early fetches no further page. The cursor is opaque; each page starts where the
 * previous one ended, so items are neither skipped nor repeated.
 */
export async function* paginate<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): AsyncGenerator<T, void, undefined> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield* page.items;
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
}
