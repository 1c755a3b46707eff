/**
 * The first segment of the query keys that more than one feature refreshes. Submitting,
 * cancelling or retrying a job makes the job lists and the history numbers stale, and
 * features do not import each other: so these roots live here, and the features' key
 * factories (`jobKeys`, `historyKeys`) are built on them.
 */
export const queryRoots = {
  jobs: ['jobs'],
  history: ['history'],
} as const;
