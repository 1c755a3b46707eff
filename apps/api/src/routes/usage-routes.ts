import { Router } from 'express';
import { UsageExportQuerySchema, usageQuerySchema } from '@docket/contracts/usage';
import { getUsage } from '@docket/jobs/get-usage';
import { exportEnd, streamUsageRecords } from '@docket/jobs/stream-usage-records';
import type { ApiDeps } from '../api-deps.ts';
import { adminNarrowing } from '../http/admin-narrowing.ts';
import { authenticate, requireScope } from '../http/authenticate.ts';
import { parseInput } from '../http/parse-input.ts';
import { callerOf, selectOrganization } from '../http/select-organization.ts';
import { adminAccess } from '../http/require-admin.ts';
import { writeUsageExport } from '../usage/write-usage-export.ts';

/** `GET /api/usage`: the metered usage of the selected organisation (every member may read it). */
export function usageRoutes(deps: ApiDeps): Router {
  const { db } = deps;
  const router = Router();
  router.use(authenticate(deps), requireScope('usage:read'), selectOrganization(deps));
  router.get('/', async (req, res) => {
    res.json(await getUsage(db, callerOf(req).organizationId, parseInput(usageQuerySchema(deps.clock()), req.query, 'query')));
  });
  return router;
}

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8; header=present', jsonl: 'application/jsonl; charset=utf-8' } as const;

/**
 * `GET /api/admin/usage/export`: every user's usage for a billing system, streamed. Open to
 * admins signed in and to admins' API tokens with `usage:read` (billing scripts) or
 * `admin:read` (monitoring), so scripts need no password. `Docket-Usage-Through` says where
 * the exported range really ends (the last closed period, unless include_open). `x-tenantid`
 * narrows it to one organisation's records, checked before the first byte (adminNarrowing).
 */
export function usageExportRoutes(deps: ApiDeps): Router {
  const { db, sql, clock } = deps;
  const router = Router();
  router.use(adminAccess(deps, ['usage:read', 'admin:read']));
  router.get('/export', async (req, res) => {
    const query = parseInput(UsageExportQuerySchema, req.query, 'query');
    const organizationId = await adminNarrowing(db, req);
    const now = clock();
    const through = exportEnd(query, now);
    const day = (date: Date) => date.toISOString().slice(0, 10);
    res.status(200);
    res.setHeader('Content-Type', CONTENT_TYPES[query.format]);
    res.setHeader('Content-Disposition', `attachment; filename="docket-usage-${query.granularity}-${day(query.from)}-${day(query.to)}.${query.format}"`);
    res.setHeader('Docket-Usage-Through', (through > query.from ? through : query.from).toISOString());
    res.setHeader('Cache-Control', 'no-store');
    try {
      await writeUsageExport(res, query.format, streamUsageRecords(sql, query, now, organizationId));
    } catch (error) {
      // Nothing sent yet (the database was unreachable, say): a normal JSON error.
      if (!res.headersSent) {
        res.removeHeader('Content-Disposition');
        throw error;
      }
      // Headers are gone: the only honest signal left is an aborted (incomplete) response.
      req.log.error({ err: error }, 'usage export failed mid-stream');
      res.destroy(error as Error);
    }
  });
  return router;
}
