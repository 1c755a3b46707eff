import { Router } from 'express';
import { getAdminStats } from '@docket/jobs/get-admin-stats';
import { listLiveWorkers } from '@docket/jobs/worker-heartbeats';
import type { ApiDeps } from '../api-deps.ts';
import { authenticate } from '../http/authenticate.ts';
import { requireAdmin } from '../http/require-admin.ts';

export function adminRoutes({ db, settings }: ApiDeps): Router {
  const router = Router();
  router.use(authenticate(settings.jwtSecret), requireAdmin(db));
  router.get('/stats', async (_req, res) => {
    res.json(await getAdminStats(db));
  });
  router.get('/workers', async (_req, res) => {
    res.json(await listLiveWorkers(db));
  });
  return router;
}
