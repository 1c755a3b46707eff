import { z } from 'zod';
import { InstantSchema, TimestampSchema } from './common.ts';

/** Usage meters (docs/api.md#usage-and-billing-export), in the order exports list them. */
export const USAGE_METERS = ['jobs_submitted', 'documents_processed', 'pages_processed', 'bytes_processed', 'processing_ms', 'api_calls'] as const;
export type UsageMeter = (typeof USAGE_METERS)[number];

/** The unit column of the export, one per meter. */
export const USAGE_UNITS: Record<UsageMeter, string> = {
  jobs_submitted: 'jobs',
  documents_processed: 'documents',
  pages_processed: 'pages',
  bytes_processed: 'bytes',
  processing_ms: 'milliseconds',
  api_calls: 'calls',
};

export const USAGE_GRANULARITIES = ['hourly', 'daily', 'monthly'] as const;
export type UsageGranularity = (typeof USAGE_GRANULARITIES)[number];

/** Start of the UTC period of `granularity` that contains `date`. */
export function periodStart(date: Date, granularity: UsageGranularity): Date {
  const d = new Date(date);
  d.setUTCMinutes(0, 0, 0);
  if (granularity !== 'hourly') d.setUTCHours(0);
  if (granularity === 'monthly') d.setUTCDate(1);
  return d;
}

/** Start of the period `count` periods after the one starting at `start` (negative: before). */
export function nextPeriod(start: Date, granularity: UsageGranularity, count = 1): Date {
  const d = new Date(start);
  if (granularity === 'hourly') d.setUTCHours(d.getUTCHours() + count);
  else if (granularity === 'daily') d.setUTCDate(d.getUTCDate() + count);
  else d.setUTCMonth(d.getUTCMonth() + count);
  return d;
}

const granularityLabel: Record<UsageGranularity, string> = { hourly: 'a whole UTC hour', daily: 'UTC midnight', monthly: 'the first of a month, UTC midnight' };

/**
 * Usage periods are whole UTC hours, days or months: a range that cut one in two would
 * report part of a period under the whole period's record_id, and a billing system that
 * de-duplicates on it would keep whichever part it saw first.
 */
function usageRange(maxPeriods: number | null) {
  return (query: { from: Date; to: Date; granularity: UsageGranularity }, ctx: z.RefinementCtx) => {
    const { from, to, granularity } = query;
    for (const [key, value] of [['from', from], ['to', to]] as const) {
      if (periodStart(value, granularity).getTime() !== value.getTime()) {
        ctx.addIssue({ code: 'custom', path: [key], message: `${key} must be ${granularityLabel[granularity]} for ${granularity} usage (periods are never split)` });
      }
    }
    if (to <= from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
    if (maxPeriods !== null && to > from) {
      let periods = 0;
      for (let start = from; start < to && periods <= maxPeriods; start = nextPeriod(start, granularity)) periods++;
      if (periods > maxPeriods) ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${maxPeriods} ${granularity} periods per request` });
    }
  };
}

const IncludeOpenSchema = z.enum(['true', 'false'], { error: 'include_open must be true or false' }).transform((value) => value === 'true');

/** `GET /api/usage`'s parameters as a client sends them (what the spec describes). */
export const UsageQueryParametersSchema = z.object({
  from: InstantSchema.optional(),
  to: InstantSchema.optional(),
  granularity: z.enum(['daily', 'monthly'], { error: 'granularity must be daily or monthly' }).default('daily'),
});

/** `GET /api/usage`: the organisation's usage; defaults to the UTC month of `now`, by day. */
export const usageQuerySchema = (now: Date) =>
  UsageQueryParametersSchema.transform(({ from, to, granularity }) => {
    const start = from ?? periodStart(now, 'monthly');
    return { from: start, to: to ?? nextPeriod(periodStart(start, 'monthly'), 'monthly'), granularity };
  }).superRefine(usageRange(400));
export type UsageQuery = z.infer<ReturnType<typeof usageQuerySchema>>;

const MeterQuantitiesSchema = z.object(Object.fromEntries(USAGE_METERS.map((meter) => [meter, z.number().int()])) as Record<UsageMeter, z.ZodNumber>);
export type MeterQuantities = Record<UsageMeter, number>;

export const UsagePeriodSchema = z.object({ period_start: TimestampSchema, period_end: TimestampSchema }).extend(MeterQuantitiesSchema.shape).meta({ id: 'UsagePeriod' });
export type UsagePeriod = z.infer<typeof UsagePeriodSchema>;

export const UsageReportSchema = z.object({
  from: TimestampSchema,
  to: TimestampSchema,
  granularity: z.enum(['daily', 'monthly']),
  totals: MeterQuantitiesSchema,
  periods: z.array(UsagePeriodSchema),
}).meta({ id: 'UsageReport' });
export type UsageReport = z.infer<typeof UsageReportSchema>;

/** `GET /api/admin/usage/export`: every user's usage of whole periods, streamed. */
/** The file formats of the usage export: RFC 4180 CSV, or one JSON object per line. */
export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export const ExportFormatSchema = z.enum(EXPORT_FORMATS, { error: 'format must be csv or jsonl' });
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

export const UsageExportQuerySchema = z
  .object({
    from: InstantSchema,
    to: InstantSchema,
    granularity: z.enum(USAGE_GRANULARITIES, { error: 'granularity must be hourly, daily or monthly' }).default('daily'),
    format: ExportFormatSchema.default('csv'),
    include_open: IncludeOpenSchema.default(false),
  })
  .superRefine(usageRange(null));
export type UsageExportQuery = z.infer<typeof UsageExportQuerySchema>;

/**
 * One line of the export: one organisation, meter and period. `user_id`/`user_email` name its
 * billing contact — the account of a personal organisation, else the owner who created it
 * (or the longest-standing owner).
 */
export const UsageRecordSchema = z.object({
  record_id: z.guid().meta({ description: 'An MD5 of the organisation (a personal one: its user), meter and period in UUID form: the same record always has the same id (de-duplicate on it).' }),
  organization_id: z.uuid(),
  user_id: z.uuid().nullable(),
  user_email: z.string().nullable(),
  meter: z.enum(USAGE_METERS),
  quantity: z.number().int(),
  unit: z.string(),
  period_start: TimestampSchema,
  period_end: TimestampSchema,
}).meta({ id: 'UsageRecord' });
export type UsageRecord = z.infer<typeof UsageRecordSchema>;
export const USAGE_RECORD_FIELDS = UsageRecordSchema.keyof().options;
