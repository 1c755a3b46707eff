import { DOCUMENT_STATUSES, JOB_STATUSES } from '@docket/contracts/jobs';

/**
 * The columns of the statistics tables, derived from the status lists of the contracts so a
 * new status is one edit: user_counters and system_counters hold one counter per job status
 * (`jobs_<status>`) and per document status (`documents_<status>`); job_hourly_rollups holds
 * one per job status plus the sums the analytics need.
 */
export const JOB_COUNTER_COLUMNS = JOB_STATUSES.map((status) => `jobs_${status}` as const);
export const DOCUMENT_COUNTER_COLUMNS = DOCUMENT_STATUSES.map((status) => `documents_${status}` as const);
export const COUNTER_COLUMNS = [...JOB_COUNTER_COLUMNS, ...DOCUMENT_COUNTER_COLUMNS];
export type CounterColumn = (typeof COUNTER_COLUMNS)[number];

export const ROLLUP_COLUMNS = [...JOB_STATUSES, 'duration_ms_sum', 'documents_succeeded', 'documents_failed', 'pages_processed'] as const;
export type RollupColumn = (typeof ROLLUP_COLUMNS)[number];

/** `coalesce(sum(<qualifier><column>), 0)::<type> AS <column>, …`: the summed slots of each column. */
export function sumsOf(columns: readonly string[], type: 'int8' | 'float8', qualifier = ''): string {
  return columns.map((column) => `coalesce(sum(${qualifier}${column}), 0)::${type} AS ${column}`).join(', ');
}
