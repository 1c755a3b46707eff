import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPrisma, type Db } from '@docket/db/create-prisma';
import { createTestDatabase } from '@docket/db/test-database';
import { createBoss } from '@docket/queue/create-boss';
import { createDocumentQueue } from '@docket/queue/enqueue-documents';
import { createFsBlobStore } from '@docket/storage/fs-blob-store';
import { recountHistory, recountJobRows, recountSystem, rollupDifferences } from '../../../test/support/recount.ts';
import { cancelJob } from '../src/cancel-job.ts';
import { getAdminStats } from '../src/get-admin-stats.ts';
import { getHistoryStats } from '../src/get-history-stats.ts';
import type { JobDeps } from '../src/job-deps.ts';
import { claimDocument, recordDocumentOutcome, type DocumentOutcome } from '../src/process-document.ts';
import { retryJob } from '../src/retry-job.ts';
import { submitJob } from '../src/submit-job.ts';

// The job domain against a real Postgres, without HTTP or a worker: many "workers" race
// over the same documents, duplicate deliveries included, and the numbers must still be
// exactly the recount of the rows.
let database: { databaseUrl: string; drop(): Promise<void> };
let db: Db;
let boss: PgBoss;
let dir: string;
let deps: JobDeps;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createPrisma({ databaseUrl: database.databaseUrl, maxConnections: 16 });
  boss = createBoss({ databaseUrl: database.databaseUrl, listenNotify: false, maxAttempts: 3 });
  await boss.start();
  dir = await mkdtemp(path.join(os.tmpdir(), 'docket-jobs-'));
  deps = { db, queue: createDocumentQueue(boss), blobs: createFsBlobStore(path.join(dir, 'blobs')) };
});
afterAll(async () => {
  await boss?.stop({ graceful: false });
  await db?.$disconnect();
  await database?.drop();
  await rm(dir, { recursive: true, force: true });
});

async function submit(userId: string, count: number) {
  const files = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const tempPath = path.join(dir, `upload-${randomUUID()}`);
      await writeFile(tempPath, `document ${i}`);
      return { tempPath, filename: `${i}.txt`, mimeType: 'text/plain', sizeBytes: 10, sha256: 'x'.repeat(64) };
    }),
  );
  return (await submitJob(deps, { userId, jobType: count === 1 ? 'single' : 'batch', files })).job;
}

const outcome = (i: number): DocumentOutcome =>
  i % 3 === 0
    ? { status: 'failed', error: 'not a valid PDF: the file is truncated or corrupt', processingMs: 5 }
    : { status: 'succeeded', textBlobKey: `text/${i}`, pageCount: i % 4, wordCount: 10, language: 'eng', processingMs: 5 };

/** Two deliveries of the same document racing each other, each recording its own result. */
async function deliverTwice(jobId: string, documentId: string, i: number): Promise<number> {
  const claims = await Promise.all([0, 1].map(() => claimDocument(db, { jobId, documentId, maxAttempts: 5 })));
  const applied = await Promise.all(
    claims.map((claim) => (claim.kind === 'process' ? recordDocumentOutcome(db, { jobId, documentId, attempt: claim.attempt, outcome: outcome(i) }) : false)),
  );
  return applied.filter(Boolean).length;
}

it('counts every document and settles every job exactly once under racing deliveries, cancels and retries', async () => {
  const user = await db.user.create({ data: { email: `race-${randomUUID()}@example.com`, passwordHash: 'x' } });
  const jobs = await Promise.all([submit(user.id, 30), submit(user.id, 12), submit(user.id, 1), submit(user.id, 8)]);
  const [big, medium, single, doomed] = jobs as [(typeof jobs)[0], (typeof jobs)[0], (typeof jobs)[0], (typeof jobs)[0]];

  // Process three jobs with duplicate deliveries while the fourth is cancelled mid-way.
  const work = [big, medium, single].flatMap((job) => job.documents.map((document, i) => () => deliverTwice(job.id, document.id, i)));
  const doomedWork = doomed.documents.slice(0, 3).map((document, i) => () => deliverTwice(doomed.id, document.id, i + 1));
  const results = await Promise.all([...work, ...doomedWork, () => cancelJob(deps, user.id, doomed.id).then(() => 0)].map((run) => run()));
  // However the races went, each document's result was applied at most once.
  expect(results.every((applied) => applied <= 1)).toBe(true);

  // Retry the failed documents of the big job while nothing else runs, then process them.
  const retried = await retryJob(deps, user.id, big.id);
  expect(retried.status).toBe('queued');
  await Promise.all(
    retried.documents.filter((d) => d.status === 'queued').map((document) => deliverTwice(big.id, document.id, 1)),
  );

  const final = await db.job.findMany({ where: { userId: user.id }, orderBy: { createdAt: 'asc' } });
  expect(final.find((job) => job.id === doomed.id)!.status).toBe('cancelled');
  expect(final.find((job) => job.id === big.id)).toMatchObject({ status: 'completed', failedCount: 0, processedCount: 30 });

  const { recent_activity: _recent, ...stats } = await getHistoryStats(db, user.id);
  expect(stats).toEqual(await recountHistory(db, user.id));
  expect(await recountJobRows(db, user.id)).toEqual([]);
  expect(await rollupDifferences(db, user.id)).toEqual([]);
  expect(stats.total_documents).toBe(51);
  const { generated_at: _at, ...system } = await getAdminStats(db);
  expect(system).toEqual(await recountSystem(db));
});

it('never lets a stale attempt overwrite the attempt that replaced it', async () => {
  const user = await db.user.create({ data: { email: `stale-${randomUUID()}@example.com`, passwordHash: 'x' } });
  const job = await submit(user.id, 1);
  const documentId = job.documents[0]!.id;
  const first = await claimDocument(db, { jobId: job.id, documentId, maxAttempts: 3 });
  const second = await claimDocument(db, { jobId: job.id, documentId, maxAttempts: 3 }); // redelivered after a "crash"
  expect(first.kind === 'process' && second.kind === 'process' && [first.attempt, second.attempt]).toEqual([1, 2]);

  const failed: DocumentOutcome = { status: 'failed', error: 'stale', processingMs: 1 };
  expect(await recordDocumentOutcome(db, { jobId: job.id, documentId, attempt: 1, outcome: failed })).toBe(false);
  expect(await recordDocumentOutcome(db, { jobId: job.id, documentId, attempt: 2, outcome: outcome(1) })).toBe(true);
  expect(await recordDocumentOutcome(db, { jobId: job.id, documentId, attempt: 2, outcome: failed })).toBe(false);
  expect(await db.document.findUniqueOrThrow({ where: { id: documentId } })).toMatchObject({ status: 'succeeded', error: null });
});

it('fails a document whose every attempt died, instead of retrying it forever', async () => {
  const user = await db.user.create({ data: { email: `crash-${randomUUID()}@example.com`, passwordHash: 'x' } });
  const job = await submit(user.id, 1);
  const documentId = job.documents[0]!.id;
  for (let attempt = 1; attempt <= 2; attempt++) {
    expect(await claimDocument(db, { jobId: job.id, documentId, maxAttempts: 2 })).toMatchObject({ kind: 'process', attempt });
  }
  expect(await claimDocument(db, { jobId: job.id, documentId, maxAttempts: 2 })).toEqual({ kind: 'skip', reason: 'attempt budget spent' });
  const document = await db.document.findUniqueOrThrow({ where: { id: documentId } });
  expect(document.status).toBe('failed');
  expect(document.error).toMatch(/processing stopped 2 times without finishing/);
  expect((await db.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe('failed');
  const { recent_activity: _recent, ...stats } = await getHistoryStats(db, user.id);
  expect(stats).toEqual(await recountHistory(db, user.id));
});
