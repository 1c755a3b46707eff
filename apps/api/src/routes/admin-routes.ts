import { Router } from 'express';
import { findWorkerTask } from '@docket/jobs/find-worker-task';
import { getAdminStats } from '@docket/jobs/get-admin-stats';
import { getQueueStats, listQueueStats } from '@docket/jobs/get-queue-stats';
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
    res.json({ items: await listQueueStats({ db, boss }, deps.clock()) });
  });
  router.get('/queues/:name/stats', async (req, res) => {
    res.json(await getQueueStats({ db, boss }, req.params.name, deps.clock()));
  });
  router.get('/workers', async (_req, res) => {
    res.json(await listLiveWorkers(db, deps.clock()));
  });
  router.get('/workers/tasks/:id', async (req, res) => {
    res.json(await findWorkerTask(db, req.params.id, deps.clock()));
  });
  return router;
}
