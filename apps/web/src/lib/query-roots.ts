/**
 * The first segment of the query keys that more than one feature reads or refreshes.
 * Submitting, cancelling or retrying a job makes the job lists and the history numbers stale,
 * and features do not import each other: so these roots live here, and the features' key
 * factories (`jobKeys`, `historyKeys`, …) are built on them. Every key of an
 * organisation-scoped answer continues with the organisation's id, so
 * numbers of two organisations never share a cache entry, while invalidating a root refreshes
 * it in every organisation (a user's own numbers span them all).
 */
export const queryRoots = {
  jobs: ['jobs'],
  history: ['history'],
  organizations: ['organizations'],
} as const;

