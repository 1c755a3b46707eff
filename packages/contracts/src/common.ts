import { z } from 'zod';

export const UuidSchema = z.uuid().meta({ id: 'Uuid' });
/** A UUID in any case; the pattern ids are checked with before they reach a query (anything else names no row). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID_PATTERN.test(value);
/** ISO-8601 UTC timestamp as the API writes it, or null. */
export const TimestampSchema = z.iso.datetime().meta({ id: 'Timestamp' });
export const NullableTimestampSchema = TimestampSchema.nullable();

/**
 * `X-Request-Id`: a client's own id for a request is echoed when it is one of these (else
 * the server makes one); every response carries it, and every error body repeats it.
 */
export const RequestIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/);

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
  request_id: z.string(),
}).meta({ id: 'ErrorBody' });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** `?limit=&cursor=` of every list endpoint (docs/api.md#pagination). */
export const PageQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'limit must be a whole number from 1 to 100' })
    .int('limit must be a whole number from 1 to 100')
    .min(1, 'limit must be a whole number from 1 to 100')
    .max(100, 'limit must be a whole number from 1 to 100')
    .default(20),
  cursor: z.string().min(1).max(200).optional(),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next_cursor: z.string().nullable() });
}

/** The instants the API accepts: Postgres stores far more, but nothing in Docket predates 1970. */
const EARLIEST_INSTANT = Date.UTC(1970, 0, 1);
const LATEST_INSTANT = Date.UTC(10000, 0, 1) - 1;

/**
 * A point in time given as unix milliseconds or an ISO-8601 string (docs/api.md#conventions accepts both
 * for `from`/`to`), parsed to a Date between 1970-01-01 and 9999-12-31 — outside that a
 * query would fail in the database (or in Date's ISO formatting) instead of being a 400.
 */
export const InstantSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const asNumber = typeof value === 'number' ? value : /^-?\d+$/.test(value) ? Number(value) : NaN;
  const date = Number.isFinite(asNumber) ? new Date(asNumber) : new Date(String(value));
  if (Number.isNaN(date.getTime()) || (typeof value === 'string' && !/^-?\d+$/.test(value) && !/^\d{4}-\d{2}-\d{2}/.test(value))) {
    ctx.addIssue({ code: 'custom', message: 'expected unix milliseconds or an ISO-8601 timestamp' });
    return z.NEVER;
  }
  if (date.getTime() < EARLIEST_INSTANT || date.getTime() > LATEST_INSTANT) {
    ctx.addIssue({ code: 'custom', message: 'expected a time between 1970-01-01 and 9999-12-31' });
    return z.NEVER;
  }
  return date;
});

/**
 * Control characters (Cc), invisible format characters (Cf: the bidi overrides and
 * isolates such as U+202E, zero-width spaces and joiners, U+FEFF) and line/paragraph
 * separators. In a name shown to people they only serve to disguise it:
 * `invoice\u202Efdp.exe` displays as `invoiceexe.pdf`.
 */
const INVISIBLE_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** A user-supplied name with every invisible or direction-changing character removed. */
export function stripInvisible(name: string): string {
  return name.replace(INVISIBLE_CHARACTERS, '');
}

/**
 * A name people give to something they own (an organisation, a webhook endpoint, an API
 * token): invisible and bidi control characters removed, put in Unicode NFC, then trimmed,
 * 1 to `max` characters. NFC because `é` typed as one code point or as `e` + U+0301 looks
 * the same and must be the same name, stored, compared and counted alike.
 */
export function displayNameSchema(max: number) {
  return z
    .string()
    .transform((name) => stripInvisible(name).normalize('NFC'))
    .pipe(z.string().trim().min(1, 'name is required').max(max, `name must be at most ${max} characters`));
}
