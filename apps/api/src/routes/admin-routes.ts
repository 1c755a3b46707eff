import { Router } from 'express';
import { getAdminStats } from '@docket/jobs/get-admin-stats';
import { getQueueStats } from '@docket/jobs/get-queue-stats';
import { DOCKET_QUEUES } from '@docket/queue/queues';
import { listLiveWorkers } from '@docket/jobs/worker-heartbeats';
import type { ApiDeps } from '../api-deps.ts';
import { adminAccess } from '../http/require-admin.ts';

export function adminRoutes(deps: ApiDeps): Router {
  const { db, boss } = deps;
  const router = Router();
  router.use(adminAccess(deps));
  router.get('/stats', async (_req, res) => {
    res.json(await getAdminStats(db, deps.clock()));
  });
  router.get('/queues', async (_req, res) => {
    res.json({ items: await Promise.all(DOCKET_QUEUES.map((name) => getQueueStats({ db, boss }, name, deps.clock()))) });
  });
  router.get('/queues/:name/stats', async (req, res) => {
    res.json(await getQueueStats({ db, boss }, req.params.name, deps.clock()));
  });
  router.get('/workers', async (_req, res) => {
    res.json(await listLiveWorkers(db, deps.clock()));
  });
  return router;
}
