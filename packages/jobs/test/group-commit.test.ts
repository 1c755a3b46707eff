import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recountHistory, recountJobRows, recountSystem, rollupDifferences } from '../../../test/support/recount.ts';
import { cancelJob } from '../src/cancel-job.ts';
import { claimOn, recordOutcomeOn, type DocumentOutcome } from '../src/document-attempts.ts';
import { getAdminStats } from '../src/get-admin-stats.ts';
import { getHistoryStats } from '../src/get-history-stats.ts';
import { createGroupCommit, type GroupCommit } from '../src/group-commit.ts';
import { clientExecutor } from '../src/tx-executor.ts';
import { openDomainFixture, type DomainFixture } from './support/domain-fixture.ts';

// Several worker processes' group commits (each a GroupCommit of its own) claiming and
// recording the documents of many jobs of two users at once, duplicate deliveries and a
// cancel among them: no deadlock, each result applied once, every number equal to a recount.
let fixture: DomainFixture;

beforeAll(async () => {
  fixture = await openDomainFixture();
});
afterAll(async () => {
  await fixture?.close();
});

const outcome = (i: number): DocumentOutcome =>
  i % 4 === 0
    ? { status: 'failed', error: 'not a valid PDF: the file is truncated or corrupt', processingMs: 3 }
    : { status: 'succeeded', textBlobKey: `text/${i}`, pageCount: i % 3, wordCount: 10, language: 'eng', metadata: {}, processingMs: 3 };

/** A group commit like a worker process's, completing queue jobs through Docket's queue. */
const groupCommit = (options: { maxSize: number; maxWaitMs: number }): GroupCommit =>
  createGroupCommit(fixture.sql, { ...options, completeQueueJobs: (client, completions) => fixture.deps.queue.completeDocumentJobs(clientExecutor(client), completions) });

/** One delivery through `commits`: its claim in one group, its outcome in a later one. Resolves whether its result was applied. */
async function deliver(commits: GroupCommit, jobId: string, documentId: string, i: number): Promise<boolean> {
  const { deps } = fixture;
  const claim = await commits.run({ jobId, documentId }, (client, piece) => claimOn(client, deps, { jobId, documentId, maxAttempts: 5 }, piece.stats, piece.locked));
  if (claim.kind !== 'process') return false;
  return commits.run({ jobId, documentId }, (client, piece) => recordOutcomeOn(client, deps, { jobId, documentId, attempt: claim.attempt, outcome: outcome(i) }, piece.stats, piece.locked));
}

it('groups claims and outcomes of many jobs across processes without deadlocks, counting each document once', async () => {
  const users = [await fixture.createUser(), await fixture.createUser()];
  const jobs = await Promise.all(Array.from({ length: 24 }, (_, i) => fixture.submit(users[i % 2]!, 1 + (i % 4)).then(({ job }) => job)));
  const processes = Array.from({ length: 3 }, () => groupCommit({ maxSize: 8, maxWaitMs: 2 }));
  const caller = await fixture.caller(users[0]!);

  const started = Date.now();
  // Every document delivered twice, by two different "processes"; one job cancelled meanwhile.
  const applied = await Promise.all([
    ...jobs.flatMap((job, j) =>
      job.documents.map(async (document, i) => {
        const twice = await Promise.all([0, 1].map((copy) => deliver(processes[(j + i + copy) % 3]!, job.id, document.id, i + j)));
        return twice.filter(Boolean).length;
      }),
    ),
    cancelJob(fixture.deps, caller, jobs[0]!.id).then(() => 0),
  ]);
  // A deadlock would have cost PostgreSQL's deadlock_timeout (1 s) at least once.
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(applied.every((count) => count <= 1)).toBe(true);
  await Promise.all(processes.map((commits) => commits.drain()));

  const final = await fixture.db.job.findMany({ where: { userId: { in: users } } });
  expect(final.filter((job) => job.id !== jobs[0]!.id).every((job) => job.status === 'completed' || job.status === 'failed')).toBe(true);
  for (const userId of users) {
    const { recent_activity: _recent, ...stats } = await getHistoryStats(fixture.sql, { kind: 'user', id: userId });
    expect(stats).toEqual(await recountHistory(fixture.db, userId));
    expect(await recountJobRows(fixture.db, userId)).toEqual([]);
    expect(await rollupDifferences(fixture.db, userId)).toEqual([]);
  }
  const { generated_at: _at, ...system } = await getAdminStats(fixture.db, new Date());
  expect(system).toEqual(await recountSystem(fixture.db));
});

/** A target that names no job: the group finds nothing to lock for it. */
const nowhere = () => ({ jobId: randomUUID(), documentId: randomUUID() });

it('fails only the piece that fails: the others of its group commit', async () => {
  const commits = groupCommit({ maxSize: 4, maxWaitMs: 5 });
  const results = await Promise.allSettled([
    commits.run(nowhere(), async (client) => (await client.query<{ n: number }>('SELECT 1 AS n')).rows[0]!.n),
    commits.run(nowhere(), async (client) => client.query('SELECT * FROM no_such_table')),
    commits.run(nowhere(), async (client) => (await client.query<{ n: number }>('SELECT 3 AS n')).rows[0]!.n),
  ]);
  expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect(results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))).toEqual([1, 3]);
});

it("locks and reads every piece's job and document for the group, except a job that several pieces share", async () => {
  const user = await fixture.createUser();
  const [{ job: shared }, { job: alone }] = [await fixture.submit(user, 2), await fixture.submit(user, 1)];
  const commits = groupCommit({ maxSize: 4, maxWaitMs: 5 });
  const seen = await Promise.all(
    [...shared.documents.map((document) => ({ jobId: shared.id, documentId: document.id })), { jobId: alone.id, documentId: alone.documents[0]!.id }, nowhere()].map((target) =>
      commits.run(target, async (_client, { locked }) => (locked === undefined ? 'own read' : locked === null ? 'not found' : `${locked.job.id} ${locked.document.status}`)),
    ),
  );
  expect(seen).toEqual(['own read', 'own read', `${alone.id} queued`, 'not found']);
});
