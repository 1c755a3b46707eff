import { Router } from 'express';
import { searchOrganizations } from '@docket/auth/organizations/admin-organizations';
import { AdminOrganizationQuerySchema } from '@docket/contracts/admin';
import { findWorkerTask } from '@docket/jobs/find-worker-task';
import { getAdminStats } from '@docket/jobs/get-admin-stats';
import { getQueueStats, listQueueStats } from '@docket/jobs/get-queue-stats';
import { listLiveWorkers } from '@docket/jobs/worker-heartbeats';
import type { ApiDeps } from '../api-deps.ts';
import { adminNarrowing } from '../http/admin-narrowing.ts';
import { parseInput } from '../http/parse-input.ts';
import { adminAccess } from '../http/require-admin.ts';

/** The admin views: the whole system, or one organisation's part of it with `x-tenantid` (adminNarrowing). */
export function adminRoutes(deps: ApiDeps): Router {
  const { db, boss } = deps;
  const router = Router();
  router.use(adminAccess(deps));
  router.get('/stats', async (req, res) => {
    res.json(await getAdminStats(db, deps.clock(), await adminNarrowing(db, req)));
  });
  router.get('/queues', async (req, res) => {
    res.json({ items: await listQueueStats({ db, boss }, deps.clock(), await adminNarrowing(db, req)) });
  });
  router.get('/queues/:name/stats', async (req, res) => {
    res.json(await getQueueStats({ db, boss }, req.params.name, deps.clock(), await adminNarrowing(db, req)));
  });
  router.get('/workers', async (req, res) => {
    res.json(await listLiveWorkers(db, deps.clock(), await adminNarrowing(db, req)));
  });
  router.get('/workers/tasks/:id', async (req, res) => {
    res.json(await findWorkerTask(db, req.params.id, deps.clock(), await adminNarrowing(db, req)));
  });
  router.get('/organizations', async (req, res) => {
    res.json(await searchOrganizations(db, parseInput(AdminOrganizationQuerySchema, req.query, 'query')));
  });
  return router;
}
