import { Router } from 'express';
import { getHistoryStats } from '@docket/jobs/get-history-stats';
import type { ApiDeps } from '../api-deps.ts';
import { authenticate, userIdOf } from '../http/authenticate.ts';

export function historyRoutes({ db, settings }: ApiDeps): Router {
  const router = Router();
  router.use(authenticate(settings.jwtSecret));
  router.get('/stats', async (req, res) => {
    res.json(await getHistoryStats(db, userIdOf(req)));
  });
  return router;
}
