import { Router } from 'express';
import { HistoryAnalyticsQuerySchema } from '@docket/contracts/history';
import { HistoryScopeSchema } from '@docket/contracts/organizations';
import { AnalyticsCache } from '@docket/jobs/analytics-cache';
import { getHistoryAnalytics } from '@docket/jobs/get-history-analytics';
import { getHistoryStats } from '@docket/jobs/get-history-stats';
import { scopeFor } from '@docket/jobs/statistics-scope';
import type { ApiDeps } from '../api-deps.ts';
import { authenticate, requireScope } from '../http/authenticate.ts';
import { parseInput } from '../http/parse-input.ts';
import { callerOf, selectOrganization } from '../http/select-organization.ts';

export function historyRoutes(deps: ApiDeps): Router {
  const { sql } = deps;
  const router = Router();
  const analyticsCache = new AnalyticsCache();
  router.use(authenticate(deps), requireScope('history:read'), selectOrganization(deps));
  router.get('/stats', async (req, res) => {
    res.json(await getHistoryStats(sql, scopeFor(callerOf(req), parseInput(HistoryScopeSchema, req.query.scope, 'scope'))));
  });
  router.get('/analytics', async (req, res) => {
    const query = parseInput(HistoryAnalyticsQuerySchema, req.query, 'query');
    res.json(await getHistoryAnalytics(sql, scopeFor(callerOf(req), query.scope), query, analyticsCache));
  });
  return router;
}
