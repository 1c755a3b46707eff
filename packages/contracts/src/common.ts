import { z } from 'zod';

export const UuidSchema = z.uuid();
/** ISO-8601 UTC timestamp as the API writes it, or null. */
export const TimestampSchema = z.iso.datetime();
export const NullableTimestampSchema = TimestampSchema.nullable();

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
  request_id: z.string(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** `?limit=&cursor=` of every list endpoint (API.md "Conventions"). */
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

/**
 * A point in time given as unix milliseconds or an ISO-8601 string (API.md accepts both
 * for `from`/`to`), parsed to a Date.
 */
export const InstantSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const asNumber = typeof value === 'number' ? value : /^-?\d+$/.test(value) ? Number(value) : NaN;
  const date = Number.isFinite(asNumber) ? new Date(asNumber) : new Date(String(value));
  if (Number.isNaN(date.getTime()) || (typeof value === 'string' && !/^-?\d+$/.test(value) && !/^\d{4}-\d{2}-\d{2}/.test(value))) {
    ctx.addIssue({ code: 'custom', message: 'expected unix milliseconds or an ISO-8601 timestamp' });
    return z.NEVER;
  }
  return date;
});
