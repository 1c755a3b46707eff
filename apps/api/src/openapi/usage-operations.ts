import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { UsageExportQuerySchema, UsageQueryParametersSchema, UsageReportSchema } from '@docket/contracts/usage';
import { defineOperation, json, scoped } from './define-operation.ts';

/**
 * `/api/usage` and `/api/admin/usage/export` (routes/usage-routes.ts): metered usage, the
 * caller's own and everyone's for billing.
 */
export const usageOperations: ZodOpenApiPathsObject = {
  '/api/usage': {
    get: defineOperation({
      operationId: 'getUsage',
      tag: 'Usage',
      summary: 'The caller’s usage',
      description: 'Metered usage per UTC day or month; defaults to the current month by day. `from` and `to` must fall on period boundaries.',
      access: scoped('usage:read'),
      params: { query: UsageQueryParametersSchema },
      responses: { 200: { description: 'Totals and one entry per period.', content: json(UsageReportSchema) } },
    }),
  },
  '/api/admin/usage/export': {
    get: defineOperation({
      operationId: 'exportUsage',
      tag: 'Admin',
      summary: 'Export everyone’s usage (billing)',
      description:
        'Streams one record (`UsageRecord`) per user, meter and period with a non-zero quantity: CSV (RFC 4180, header row; cells a spreadsheet would run as a formula get a leading `\'`) or JSON lines. Only closed periods unless `include_open=true`; a closed period never changes, and `record_id` is stable, so re-imports are safe. A failure after the first bytes aborts the response (an incomplete download), never a truncated 200.',
      access: { kind: 'admin', tokenScope: 'usage:read' },
      params: { query: UsageExportQuerySchema },
      responses: {
        200: {
          description: 'The records, streamed.',
          content: {
            'text/csv': { schema: z.string().meta({ description: 'A header row `record_id,user_id,user_email,meter,quantity,unit,period_start,period_end`, then one `UsageRecord` per line.' }) },
            'application/jsonl': { schema: z.string().meta({ description: 'One `UsageRecord` JSON object per line.' }) },
          },
          headers: {
            'Content-Disposition': z.string().meta({ description: '`attachment; filename="docket-usage-<granularity>-<from>-<to>.<format>"`.' }),
            'Docket-Usage-Through': z.iso.datetime().meta({ description: 'Where the exported range really ends: the end of the last closed period (`to` with `include_open`).' }),
          },
        },
      },
    }),
  },
};
