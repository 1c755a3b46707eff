import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { USAGE_METERS, USAGE_RECORD_FIELDS, UsageExportQuerySchema, UsageQueryParametersSchema, UsageReportSchema } from '@docket/contracts/usage';
import { defineOperation, json, scoped } from './define-operation.ts';

const METERS = USAGE_METERS.map((meter) => `\`${meter}\``).join(', ');

/**
 * `/api/usage` and `/api/admin/usage/export` (routes/usage-routes.ts): metered usage, the
 * selected organisation's and every organisation's for billing.
 */
export const usageOperations: ZodOpenApiPathsObject = {
  '/api/usage': {
    get: defineOperation({
      operationId: 'getUsage',
      tag: 'Usage',
      summary: 'The organisation’s usage',
      description: `The selected organisation’s metered usage (${METERS}) per UTC day or month; every member may read it. Defaults to the current month by day. \`from\` and \`to\` must fall on period boundaries. \`api_calls\` counts the authenticated calls made in the organisation, written every few seconds (not per call).`,
      access: scoped('usage:read'),
      inOrganization: true,
      params: { query: UsageQueryParametersSchema },
      responses: { 200: { description: 'Totals and one entry per period.', content: json(UsageReportSchema) } },
    }),
  },
  '/api/admin/usage/export': {
    get: defineOperation({
      operationId: 'exportUsage',
      tag: 'Admin',
      summary: 'Export every organisation’s usage (billing)',
      description:
        'Streams one record (`UsageRecord`) per organisation, meter and period with a non-zero quantity — `user_id`/`user_email` name its billing contact (the account of a personal organisation, else the owner who created it or the longest-standing owner; null when there is none): CSV (RFC 4180, header row; cells a spreadsheet would run as a formula get a leading `\'`) or JSON lines. Only closed periods unless `include_open=true`; a closed period never changes, and `record_id` is stable, so re-imports are safe. A failure after the first bytes aborts the response (an incomplete download), never a truncated 200. Narrowed to an organisation (`x-tenantid`): only its records, each the same bytes (and `record_id`) as in the full export.',
      access: { kind: 'admin', tokenScopes: ['usage:read', 'admin:read'] },
      narrowsToOrganization: true,
      params: { query: UsageExportQuerySchema },
      responses: {
        200: {
          description: 'The records, streamed.',
          content: {
            'text/csv': { schema: z.string().meta({ description: `A header row \`${USAGE_RECORD_FIELDS.join(',')}\`, then one \`UsageRecord\` per line.` }) },
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
