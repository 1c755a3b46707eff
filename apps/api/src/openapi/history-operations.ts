import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { HistoryAnalyticsQuerySchema, HistoryAnalyticsSchema, HistoryStatsSchema } from '@docket/contracts/history';
import { defineOperation, json, scoped } from './define-operation.ts';

const TAG = 'History';

/** `/api/history` (routes/history-routes.ts): the caller's exact statistics. */
export const historyOperations: ZodOpenApiPathsObject = {
  '/api/history/stats': {
    get: defineOperation({
      operationId: 'getHistoryStats',
      tag: TAG,
      summary: 'Totals and recent activity',
      description: 'Exact over the caller’s whole history, read from counters kept in the same transaction as every change (never a count).',
      access: scoped('history:read'),
      responses: { 200: { description: 'The totals and the five newest jobs.', content: json(HistoryStatsSchema) } },
    }),
  },
  '/api/history/analytics': {
    get: defineOperation({
      operationId: 'getHistoryAnalytics',
      tag: TAG,
      summary: 'Activity over a time range',
      description:
        'Jobs counted in the bucket of their `created_at`, the range `[from, to)` widened to whole buckets (the answer’s `from`/`to` say which). At most 31 days of hourly or 366 days of daily buckets; daily buckets follow local midnights of `tz` (default UTC).',
      access: scoped('history:read'),
      params: { query: HistoryAnalyticsQuerySchema },
      responses: { 200: { description: 'Summary, breakdowns, one time-series entry per bucket, recent failures.', content: json(HistoryAnalyticsSchema) } },
      errors: { 400: '`validation_failed`: a missing or bad `from`/`to`/`granularity`/`tz`, a range too wide, or `to` not after `from`.' },
    }),
  },
};
