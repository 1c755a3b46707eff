import { describe, expect, it } from 'vitest';
import { historyKeys } from '../src/features/dashboard/api/history-keys.ts';
import { jobKeys } from '../src/features/jobs/api/job-keys.ts';
import { organizationKeys } from '../src/features/organizations/api/organization-keys.ts';
import { tokenKeys } from '../src/features/tokens/api/token-keys.ts';
import { usageKeys } from '../src/features/usage/api/usage-keys.ts';
import { webhookKeys } from '../src/features/webhooks/api/webhook-keys.ts';
import { membersKey } from '../src/lib/organization-members.ts';
import { queryRoots } from '../src/lib/query-roots.ts';

const startsWith = (key: readonly unknown[], prefix: readonly unknown[]) => prefix.every((part, i) => key[i] === part);
const [A, B] = ['org-a', 'org-b'];

/** Every key of an organisation-scoped answer, for organisation `org`. */
const scopedKeys = (org: string) => [
  jobKeys.lists(org),
  jobKeys.list(org, { status: 'failed' }),
  jobKeys.detail(org, 'j1'),
  jobKeys.documentText(org, 'j1', 'd1'),
  jobKeys.deliveries(org, 'j1'),
  historyKeys.stats(org, 'organization'),
  historyKeys.stats(org, 'user'),
  historyKeys.analytics(org, 'organization', '7d', 0),
  tokenKeys.list(org),
  tokenKeys.callbackSecret(org),
  webhookKeys.list(org),
  usageKeys.month(org, new Date(0)),
  membersKey(org),
  organizationKeys.invitations(org),
];

describe('query keys', () => {
  it('name the organisation right after their root, so two organisations never share a cache entry', () => {
    for (const key of scopedKeys(A)) expect(key[1]).toBe(A);
    const inA = new Set(scopedKeys(A).map((key) => JSON.stringify(key)));
    expect(scopedKeys(B).filter((key) => inA.has(JSON.stringify(key)))).toEqual([]);
  });

  it('put every key of the jobs and history features under the shared roots, so an upload refreshes them in every organisation', () => {
    const jobs = scopedKeys(A).slice(0, 5);
    expect(jobs.every((key) => startsWith(key, queryRoots.jobs))).toBe(true);
    expect([historyKeys.stats(A, 'user'), historyKeys.analytics(B, 'user', '24h', 0)].every((key) => startsWith(key, queryRoots.history))).toBe(true);
  });

  it('nest narrower keys under broader ones: a list under the lists, a document text under its job, a range under its scope', () => {
    expect(startsWith(jobKeys.list(A, { job_type: 'batch' }), jobKeys.lists(A))).toBe(true);
    expect(startsWith(jobKeys.documentText(A, 'j1', 'd1'), jobKeys.detail(A, 'j1'))).toBe(true);
    expect(startsWith(jobKeys.detail(A, 'j2'), jobKeys.lists(A))).toBe(false);
    expect(startsWith(historyKeys.analytics(A, 'user', '30d', 0), historyKeys.analyticsOf(A, 'user'))).toBe(true);
    expect(startsWith(historyKeys.analytics(A, 'user', '30d', 0), historyKeys.analyticsOf(A, 'organization'))).toBe(false);
  });

  it('keep each user’s list of organisations apart (another account may sign in on the same page)', () => {
    expect(organizationKeys.list('u1')).not.toEqual(organizationKeys.list('u2'));
    expect(startsWith(organizationKeys.list('u1'), organizationKeys.lists())).toBe(true);
  });
});
