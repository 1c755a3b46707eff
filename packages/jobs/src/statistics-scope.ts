import type { HistoryScope, OrganizationCaller } from '@docket/contracts/organizations';

/**
 * Whose history a read is about: one user's jobs (in every organisation) or one
 * organisation's (every member's). Each has its own counters and rollups, kept in the same
 * transactions (stat-deltas.ts), so both reads are exact and never scan jobs.
 */
export type StatisticsScope = { kind: HistoryScope; id: string };

/** The tables and key column of a scope's statistics. */
export const SCOPE_TABLES = {
  user: { counters: 'user_counters', rollups: 'job_hourly_rollups', key: 'user_id' },
  organization: { counters: 'organization_counters', rollups: 'organization_hourly_rollups', key: 'organization_id' },
} as const satisfies Record<HistoryScope, { counters: string; rollups: string; key: string }>;

export const scopeFor = (caller: OrganizationCaller, kind: HistoryScope): StatisticsScope => ({
  kind,
  id: kind === 'user' ? caller.userId : caller.organizationId,
});
