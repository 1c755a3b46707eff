import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { HistoryAnalyticsQuerySchema, HistoryAnalyticsSchema, HistoryStatsSchema } from '@docket/contracts/history';
import { HistoryScopeSchema } from '@docket/contracts/organizations';
import { defineOperation, json, scoped } from './define-operation.ts';

const TAG = 'History';
const SCOPES =
  '`scope=user` (the default) counts the caller’s own jobs in every organisation; `scope=organization` the jobs of the selected organisation, every member’s. Both are kept exactly, in the transactions that change the jobs.';

/** `/api/history` (routes/history-routes.ts): exact statistics of the caller's jobs or of the selected organisation's. */
export const historyOperations: ZodOpenApiPathsObject = {
  '/api/history/stats': {
    get: defineOperation({
      operationId: 'getHistoryStats',
      tag: TAG,
      summary: 'Totals and recent activity',
      description: `Exact over the whole history of the scope, read from counters kept in the same transaction as every change (never a count). ${SCOPES}`,
      access: scoped('history:read'),
      inOrganization: true,
      params: { query: z.object({ scope: HistoryScopeSchema }) },
      responses: { 200: { description: 'The totals and the five newest jobs.', content: json(HistoryStatsSchema) } },
    }),
  },
  '/api/history/analytics': {
    get: defineOperation({
      operationId: 'getHistoryAnalytics',
      tag: TAG,
      summary: 'Activity over a time range',
      description:
        `Jobs counted in the bucket of their \`created_at\`, the range \`[from, to)\` widened to whole buckets (the answer’s \`from\`/\`to\` say which). At most 31 days of hourly or 366 days of daily buckets; daily buckets follow local midnights of \`tz\` (default UTC). ${SCOPES}`,
      access: scoped('history:read'),
      inOrganization: true,
      params: { query: HistoryAnalyticsQuerySchema },
      responses: { 200: { description: 'Summary, breakdowns, one time-series entry per bucket, recent failures.', content: json(HistoryAnalyticsSchema) } },
      errors: { 400: '`validation_failed`: a missing or bad `from`/`to`/`granularity`/`tz`/`scope`, a range too wide, or `to` not after `from`.' },
    }),
  },
};
