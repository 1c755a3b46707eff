import { isUuid } from '@docket/contracts/common';
import { AppError } from '@docket/contracts/app-error';

/** Position after the last row of a newest-first page ordered by (created_at, id). */
export type KeysetCursor = { createdAt: Date; id: string };

/** Opaque to clients: base64url of `[created_at, id]`. */
export function encodeCursor(row: KeysetCursor): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString('base64url');
}

/** @throws AppError invalid_cursor (400) for anything a previous page did not hand out. */
export function decodeCursor(cursor: string): KeysetCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const date = new Date(String(createdAt));
    if (typeof createdAt === 'string' && typeof id === 'string' && isUuid(id) && !Number.isNaN(date.getTime())) {
      return { createdAt: date, id };
    }
  } catch {
    // fall through: any undecodable cursor is the client's error
  }
  throw new AppError('invalid_cursor', 'cursor is malformed; pass the next_cursor of a previous page');
}

/** The Prisma filter for the rows after `cursor` in newest-first (created_at, id) order; none without a cursor. */
export function afterCursor(cursor: KeysetCursor | null) {
  return cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {};
}

/** Splits a fetched `limit + 1` rows into the page and the cursor of the next one. */
export function pageFrom<Row extends KeysetCursor, Item>(rows: Row[], limit: number, present: (row: Row) => Item) {
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { items: rows.slice(0, limit).map(present), next_cursor: last ? encodeCursor(last) : null };
}
