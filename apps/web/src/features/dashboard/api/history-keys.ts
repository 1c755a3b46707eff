import type { HistoryScope } from '@docket/contracts/organizations';
import { queryRoots } from '../../../lib/query-roots.ts';
import type { ActivityRange } from './get-history-analytics.ts';

/** Every query key of the dashboard's history numbers: per organisation, then per scope (its jobs, or the user's own). */
export const historyKeys = {
  all: (organizationId: string) => [...queryRoots.history, organizationId] as const,
  stats: (organizationId: string, scope: HistoryScope) => [...historyKeys.all(organizationId), 'stats', scope] as const,
  /** Every range of one scope's activity. */
  analyticsOf: (organizationId: string, scope: HistoryScope) => [...historyKeys.all(organizationId), 'analytics', scope] as const,
  /** `to` is part of the key: a new hour is a new question. */
  analytics: (organizationId: string, scope: HistoryScope, range: ActivityRange, to: number) => [...historyKeys.analyticsOf(organizationId, scope), range, to] as const,
};
