import { describe, expect, it } from 'vitest';
import { historyKeys } from '../src/features/dashboard/api/history-keys.ts';
import { jobKeys } from '../src/features/jobs/api/job-keys.ts';
import { queryRoots } from '../src/lib/query-roots.ts';

const startsWith = (key: readonly unknown[], prefix: readonly unknown[]) => prefix.every((part, i) => key[i] === part);

describe('query keys', () => {
  it('puts every key of the jobs feature under the jobs root, so an upload elsewhere refreshes them all', () => {
    const keys = [jobKeys.lists(), jobKeys.list({ status: 'failed' }), jobKeys.detail('j1'), jobKeys.documentText('j1', 'd1'), jobKeys.deliveries('j1')];
    expect(keys.every((key) => startsWith(key, queryRoots.jobs))).toBe(true);
  });

  it('nests narrower keys under broader ones: a list under the lists, a document text under its job', () => {
    expect(startsWith(jobKeys.list({ job_type: 'batch' }), jobKeys.lists())).toBe(true);
    expect(startsWith(jobKeys.documentText('j1', 'd1'), jobKeys.detail('j1'))).toBe(true);
    expect(startsWith(jobKeys.detail('j2'), jobKeys.lists())).toBe(false);
  });

  it('puts the history stats and every analytics range under the history root', () => {
    expect(startsWith(historyKeys.stats(), queryRoots.history)).toBe(true);
    expect(startsWith(historyKeys.analytics('7d', 0), queryRoots.history)).toBe(true);
  });
});
