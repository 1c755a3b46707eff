import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '@docket/db/create-prisma';
import { recountHistory, recountJobRows, recountSystem, rollupDifferences } from '../../../test/support/recount.ts';
import { cancelJob } from '../src/cancel-job.ts';
import { getAdminStats } from '../src/get-admin-stats.ts';
import { getHistoryStats } from '../src/get-history-stats.ts';
import type { JobDeps } from '../src/job-deps.ts';
import { claimDocument, recordDocumentOutcome, type DocumentOutcome } from '../src/document-attempts.ts';
import { retryJob } from '../src/retry-job.ts';
import { openDomainFixture, type DomainFixture } from './support/domain-fixture.ts';

// The job domain against a real Postgres, without HTTP or a worker: many "workers" race
// over the same documents, duplicate deliveries included, and the numbers must still be
// exactly the recount of the rows.
let fixture: DomainFixture;
let db: Db;
let deps: JobDeps;

beforeAll(async () => {
  fixture = await openDomainFixture();
  ({ db, deps } = fixture);
});
afterAll(async () => {
  await fixture?.close();
});

const submit = async (userId: string, count: number) => (await fixture.submit(userId, count)).job;

const outcome = (i: number): DocumentOutcome =>
  i % 3 === 0
    ? { status: 'failed', error: 'not a valid PDF: the file is truncated or corrupt', processingMs: 5 }
    : { status: 'succeeded', textBlobKey: `text/${i}`, pageCount: i % 4, wordCount: 10, language: 'eng', metadata: {}, processingMs: 5 };

/** Two deliveries of the same document racing each other, each recording its own result. */
async function deliverTwice(jobId: string, documentId: string, i: number): Promise<number> {
  const claims = await Promise.all([0, 1].map(() => claimDocument(fixture.deps, { jobId, documentId, maxAttempts: 5 })));
  const applied = await Promise.all(
    claims.map((claim) => (claim.kind === 'process' ? recordDocumentOutcome(fixture.deps, { jobId, documentId, attempt: claim.attempt, outcome: outcome(i) }) : false)),
  );
  return applied.filter(Boolean).length;
}

it('counts every document and settles every job exactly once under racing deliveries, cancels and retries', async () => {
  const user = { id: await fixture.createUser() };
  const caller = await fixture.caller(user.id);
  const jobs = await Promise.all([submit(user.id, 30), submit(user.id, 12), submit(user.id, 1), submit(user.id, 8)]);
  const [big, medium, single, doomed] = jobs as [(typeof jobs)[0], (typeof jobs)[0], (typeof jobs)[0], (typeof jobs)[0]];

  // Process three jobs with duplicate deliveries while the fourth is cancelled mid-way.
  const work = [big, medium, single].flatMap((job) => job.documents.map((document, i) => () => deliverTwice(job.id, document.id, i)));
  const doomedWork = doomed.documents.slice(0, 3).map((document, i) => () => deliverTwice(doomed.id, document.id, i + 1));
  const results = await Promise.all([...work, ...doomedWork, () => cancelJob(deps, caller, doomed.id).then(() => 0)].map((run) => run()));
  // However the races went, each document's result was applied at most once.
  expect(results.every((applied) => applied <= 1)).toBe(true);

  // Retry the failed documents of the big job while nothing else runs, then process them.
  const retried = await retryJob(deps, caller, big.id);
  expect(retried.status).toBe('queued');
  await Promise.all(
    retried.documents.filter((d) => d.status === 'queued').map((document) => deliverTwice(big.id, document.id, 1)),
  );

  const final = await db.job.findMany({ where: { userId: user.id }, orderBy: { createdAt: 'asc' } });
  expect(final.find((job) => job.id === doomed.id)!.status).toBe('cancelled');
  expect(final.find((job) => job.id === big.id)).toMatchObject({ status: 'completed', failedCount: 0, processedCount: 30 });

  const { recent_activity: _recent, ...stats } = await getHistoryStats(fixture.sql, { kind: 'user', id: user.id });
  expect(stats).toEqual(await recountHistory(db, user.id));
  expect(await recountJobRows(db, user.id)).toEqual([]);
  expect(await rollupDifferences(db, user.id)).toEqual([]);
  expect(stats.total_documents).toBe(51);
  const { generated_at: _at, ...system } = await getAdminStats(db, new Date());
  expect(system).toEqual(await recountSystem(db));
});

it('never lets a stale attempt overwrite the attempt that replaced it', async () => {
  const user = { id: await fixture.createUser() };
  const job = await submit(user.id, 1);
  const documentId = job.documents[0]!.id;
  const first = await claimDocument(fixture.deps, { jobId: job.id, documentId, maxAttempts: 3 });
  const second = await claimDocument(fixture.deps, { jobId: job.id, documentId, maxAttempts: 3 }); // redelivered after a "crash"
  expect(first.kind === 'process' && second.kind === 'process' && [first.attempt, second.attempt]).toEqual([1, 2]);

  const failed: DocumentOutcome = { status: 'failed', error: 'stale', processingMs: 1 };
  expect(await recordDocumentOutcome(fixture.deps, { jobId: job.id, documentId, attempt: 1, outcome: failed })).toBe(false);
  expect(await recordDocumentOutcome(fixture.deps, { jobId: job.id, documentId, attempt: 2, outcome: outcome(1) })).toBe(true);
  expect(await recordDocumentOutcome(fixture.deps, { jobId: job.id, documentId, attempt: 2, outcome: failed })).toBe(false);
  expect(await db.document.findUniqueOrThrow({ where: { id: documentId } })).toMatchObject({ status: 'succeeded', error: null });
});

it('fails a document whose every attempt died, instead of retrying it forever', async () => {
  const user = { id: await fixture.createUser() };
  const job = await submit(user.id, 1);
  const documentId = job.documents[0]!.id;
  for (let attempt = 1; attempt <= 2; attempt++) {
    expect(await claimDocument(fixture.deps, { jobId: job.id, documentId, maxAttempts: 2 })).toMatchObject({ kind: 'process', attempt });
  }
  expect(await claimDocument(fixture.deps, { jobId: job.id, documentId, maxAttempts: 2 })).toEqual({ kind: 'skip', reason: 'attempt budget spent' });
  const document = await db.document.findUniqueOrThrow({ where: { id: documentId } });
  expect(document.status).toBe('failed');
  expect(document.error).toMatch(/processing stopped 2 times without finishing/);
  expect((await db.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe('failed');
  const { recent_activity: _recent, ...stats } = await getHistoryStats(fixture.sql, { kind: 'user', id: user.id });
  expect(stats).toEqual(await recountHistory(db, user.id));
});
