import { z } from 'zod';
import { InstantSchema, NullableTimestampSchema, TimestampSchema, UuidSchema } from './common.ts';
import { JobStatusSchema, JobSummarySchema, JobTypeSchema } from './jobs.ts';
import { HistoryScopeSchema } from './organizations.ts';

const count = z.number().int().nonnegative();

export const HistoryStatsSchema = z.object({
  total_jobs: count,
  total_documents: count,
  /** Documents that succeeded. */
  documents_processed: count,
  documents_failed: count,
  jobs_by_status: z.object({
    queued: count,
    processing: count,
    completed: count,
    failed: count,
    cancelled: count,
  }),
  /** The five newest jobs, newest first. */
  recent_activity: z.array(JobSummarySchema).max(5),
}).meta({ id: 'HistoryStats' });
export type HistoryStats = z.infer<typeof HistoryStatsSchema>;

const DAY_MS = 24 * 3600 * 1000;
/** Widest range per granularity (docs/api.md#history-and-statistics): 31 days of hours, 366 days of days. */
export const MAX_ANALYTICS_RANGE_MS = { hourly: 31 * DAY_MS, daily: 366 * DAY_MS } as const;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const HistoryAnalyticsQuerySchema = z
  .object({
    from: InstantSchema,
    to: InstantSchema,
    granularity: z.enum(['hourly', 'daily'], { error: 'granularity must be hourly or daily' }),
    tz: z.string().max(64).refine(isTimeZone, 'tz must be an IANA time zone such as Europe/Paris').optional(),
    scope: HistoryScopeSchema,
  })
  .superRefine((query, ctx) => {
    const span = query.to.getTime() - query.from.getTime();
    if (span <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
    else if (span > MAX_ANALYTICS_RANGE_MS[query.granularity]) {
      const days = MAX_ANALYTICS_RANGE_MS[query.granularity] / DAY_MS;
      ctx.addIssue({ code: 'custom', path: ['to'], message: `the range is at most ${days} days for ${query.granularity} buckets` });
    }
    if (query.tz && query.granularity === 'hourly') ctx.addIssue({ code: 'custom', path: ['tz'], message: 'tz applies to daily buckets only' });
  });
export type HistoryAnalyticsQuery = z.infer<typeof HistoryAnalyticsQuerySchema>;

const ratio = z.number().min(0).max(1);

export const HistoryAnalyticsSchema = z.object({
  granularity: z.enum(['hourly', 'daily']),
  /** The range actually reported: `from` floored and `to` ceiled to bucket boundaries. */
  from: TimestampSchema,
  to: TimestampSchema,
  summary: z.object({
    total: count,
    succeeded: count,
    failed: count,
    cancelled: count,
    in_progress: count,
    terminal: count,
    success_rate: ratio,
    average_duration_ms: z.number().nonnegative(),
    documents_processed: count,
    documents_failed: count,
    pages_processed: count,
  }),
  by_status: z.array(z.object({ status: JobStatusSchema, count })),
  by_job_type: z.array(z.object({ job_type: JobTypeSchema, total: count, succeeded: count, failed: count, cancelled: count })),
  time_series: z.array(z.object({ bucket_start: TimestampSchema, total: count, succeeded: count, failed: count, cancelled: count })),
  recent_failures: z
    .array(
      z.object({
        job_id: UuidSchema,
        /** The job's organisation: with the default scope, failures come from every organisation of the caller. */
        organization_id: UuidSchema,
        job_type: JobTypeSchema,
        status: z.literal('failed'),
        error: z.string().nullable(),
        created_at: TimestampSchema,
        completed_at: NullableTimestampSchema,
      }),
    )
    .max(10),
}).meta({ id: 'HistoryAnalytics' });
export type HistoryAnalytics = z.infer<typeof HistoryAnalyticsSchema>;
