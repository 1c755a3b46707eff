import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_TYPES } from '@docket/contracts/jobs';
import { recountHistory, recountJobTypes, recountSystem, rollupDifferences } from '../../../test/support/recount.ts';
import { getAdminStats } from '../src/get-admin-stats.ts';
import { getHistoryStats } from '../src/get-history-stats.ts';
import { claimDocument, recordDocumentOutcome } from '../src/document-attempts.ts';
import { readJobTypeCounts } from '../src/job-type-counters.ts';
import { reconcileStatistics } from '../src/reconcile-statistics.ts';
import { openDomainFixture, type DomainFixture } from './support/domain-fixture.ts';

let fixture: DomainFixture;
beforeAll(async () => {
  fixture = await openDomainFixture();
});
afterAll(async () => {
  await fixture?.close();
});

async function processAll(jobId: string, documentIds: string[]) {
  for (const [i, documentId] of documentIds.entries()) {
    const claim = await claimDocument(fixture.deps, { jobId, documentId, maxAttempts: 3 });
    if (claim.kind !== 'process') continue;
    const outcome =
      i % 2 === 0
        ? { status: 'succeeded' as const, textBlobKey: 't', pageCount: 1, wordCount: 1, language: 'und', metadata: {}, processingMs: 1 }
        : { status: 'failed' as const, error: 'bad', processingMs: 1 };
    await recordDocumentOutcome(fixture.deps, { jobId, documentId, attempt: claim.attempt, outcome });
  }
}

async function expectExact(userIds: string[]) {
  for (const userId of userIds) {
    const { recent_activity: _recent, ...stats } = await getHistoryStats(fixture.sql, { kind: 'user', id: userId });
    expect(stats).toEqual(await recountHistory(fixture.db, userId));
    expect(await rollupDifferences(fixture.db, userId)).toEqual([]);
  }
  const { generated_at: _at, ...system } = await getAdminStats(fixture.db, new Date());
  expect(system).toEqual(await recountSystem(fixture.db));
  const byJobType = Object.fromEntries(await Promise.all(JOB_TYPES.map(async (jobType) => [jobType, await readJobTypeCounts(fixture.db, jobType)])));
  expect(byJobType).toEqual(await recountJobTypes(fixture.db));
}

describe('reconcileStatistics', () => {
  it('finds nothing to fix when the counters were kept by the domain', async () => {
    const userId = await fixture.createUser();
    const { job } = await fixture.submit(userId, 3);
    await processAll(job.id, job.documents.map((d) => d.id));
    expect(await reconcileStatistics(fixture.db, { repair: false })).toMatchObject({ drift: [], repaired: false });
  });

  it('reports damaged counters and rollups, repairs them, and finds nothing the second time', async () => {
    const userId = await fixture.createUser();
    const { job } = await fixture.submit(userId, 4);
    await processAll(job.id, job.documents.map((d) => d.id));
    await fixture.db.$executeRaw`UPDATE user_counters SET jobs_completed = jobs_completed + 7 WHERE user_id = ${userId}::uuid AND slot = (SELECT min(slot) FROM user_counters WHERE user_id = ${userId}::uuid)`;
    await fixture.db.$executeRaw`DELETE FROM job_hourly_rollups WHERE user_id = ${userId}::uuid`;
    await fixture.db.$executeRaw`UPDATE system_counters SET documents_failed = documents_failed + 3 WHERE slot = (SELECT min(slot) FROM system_counters)`;
    await fixture.db.$executeRaw`DELETE FROM job_type_counters WHERE job_type = ${job.job_type}::job_type`;

    const report = await reconcileStatistics(fixture.db, { repair: false });
    expect(report.drift.map((d) => d.scope).sort()).toEqual(['hourly rollup', 'job type counters', 'system counters', 'user counters']);
    expect(report.drift.find((d) => d.scope === 'job type counters')).toMatchObject({ key: job.job_type, maintained: expect.stringContaining('jobs_completed=0') });
    expect(report.drift.find((d) => d.scope === 'user counters')).toMatchObject({ key: userId });
    expect(report.drift.find((d) => d.scope === 'user counters')!.maintained).toContain('jobs_completed=8');

    const repaired = await reconcileStatistics(fixture.db, { repair: true });
    expect(repaired.repaired).toBe(true);
    expect((await reconcileStatistics(fixture.db, { repair: false })).drift).toEqual([]);
    await expectExact([userId]);
  });

  it('repairs while transitions keep running, losing none of them', async () => {
    const users = [await fixture.createUser(), await fixture.createUser()];
    const jobs = await Promise.all(users.flatMap((userId) => [fixture.submit(userId, 6), fixture.submit(userId, 6)]));
    for (const userId of users) await fixture.db.$executeRaw`UPDATE user_counters SET jobs_queued = jobs_queued + 100 WHERE user_id = ${userId}::uuid`;

    await Promise.all([
      ...jobs.map(({ job }) => processAll(job.id, job.documents.map((d) => d.id))),
      reconcileStatistics(fixture.db, { repair: true }),
      reconcileStatistics(fixture.db, { repair: true }),
    ]);
    // The damage is gone and every transition that ran alongside is counted.
    await expectExact(users);
  });

  it('checks without locking while transitions run, and reports no drift that is not there', async () => {
    const userId = await fixture.createUser();
    const jobs = await Promise.all([fixture.submit(userId, 6), fixture.submit(userId, 6), fixture.submit(userId, 6)]);
    const [checks] = await Promise.all([
      Promise.all(Array.from({ length: 6 }, () => reconcileStatistics(fixture.db, { repair: false, userId }))),
      ...jobs.map(({ job }) => processAll(job.id, job.documents.map((d) => d.id))),
    ]);
    // Each check saw one snapshot: the rows and the deltas of the same transitions.
    expect(checks.flatMap((check) => check.drift)).toEqual([]);
    await expectExact([userId]);
  });
});
