import { queryRoots } from '../../../lib/query-roots.ts';
import type { ActivityRange } from './get-history-analytics.ts';

/** Every query key of the dashboard's history numbers. */
export const historyKeys = {
  all: queryRoots.history,
  stats: () => [...historyKeys.all, 'stats'] as const,
  /** `to` is part of the key: a new hour is a new question. */
  analytics: (range: ActivityRange, to: number) => [...historyKeys.all, 'analytics', range, to] as const,
};
