import { Router } from 'express';
import { HistoryAnalyticsQuerySchema } from '@docket/contracts/history';
import { AnalyticsCache } from '@docket/jobs/analytics-cache';
import { getHistoryAnalytics } from '@docket/jobs/get-history-analytics';
import { getHistoryStats } from '@docket/jobs/get-history-stats';
import type { ApiDeps } from '../api-deps.ts';
import { authenticate, requireScope, userIdOf } from '../http/authenticate.ts';
import { parseInput } from '../http/parse-input.ts';

export function historyRoutes(deps: ApiDeps): Router {
  const { sql } = deps;
  const router = Router();
  const analyticsCache = new AnalyticsCache();
  router.use(authenticate(deps), requireScope('history:read'));
  router.get('/stats', async (req, res) => {
    res.json(await getHistoryStats(sql, userIdOf(req)));
  });
  router.get('/analytics', async (req, res) => {
    res.json(await getHistoryAnalytics(sql, userIdOf(req), parseInput(HistoryAnalyticsQuerySchema, req.query, 'query'), analyticsCache));
  });
  return router;
}
