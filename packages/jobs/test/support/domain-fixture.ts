import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, type Db, type SqlPool } from '@docket/db/create-prisma';
import { createTestDatabase } from '@docket/db/test-support/test-database';
import { createBoss } from '@docket/queue/create-boss';
import { createJobQueue } from '@docket/queue/job-queue';
import { createFsBlobStore } from '@docket/storage/fs-blob-store';
import { submitJob, type SubmitJobDeps } from '../../src/submit-job.ts';
import { pino } from 'pino';
import { createAccount } from '@docket/auth/accounts';
import { resolveCaller } from '@docket/auth/organizations/memberships';
import { systemClock } from '@docket/contracts/clock';
import type { OrganizationCaller } from '@docket/contracts/organizations';

export type DomainFixture = {
  db: Db;
  /** The pool under `db`, for the raw hot reads. */
  sql: SqlPool;
  deps: SubmitJobDeps;
  /** A new account with its personal organisation; returns the user id. */
  createUser(): Promise<string>;
  /** The user acting in their personal organisation. */
  caller(userId: string): Promise<OrganizationCaller>;
  /** Submits `count` small text documents as one job, at `now` if given. */
  submit(userId: string, count: number, now?: Date): ReturnType<typeof submitJob>;
  close(): Promise<void>;
};

/**
 * The job domain over a fresh database of its own, with the real queue and blob store —
 * no HTTP, no worker: the test drives every transition itself.
 */
export async function openDomainFixture(): Promise<DomainFixture> {
  const database = await createTestDatabase();
  const { db, sql } = createDatabase({ databaseUrl: database.databaseUrl, maxConnections: 16 });
  const boss = createBoss({ databaseUrl: database.databaseUrl, listenNotify: false, maxAttempts: 3 });
  await boss.start();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'docket-jobs-'));
  const deps: SubmitJobDeps = {
    db,
    sql,
    queue: createJobQueue(boss),
    blobs: createFsBlobStore(path.join(dir, 'blobs')),
    clock: systemClock,
    logger: pino({ level: 'silent' }),
    settings: { storageQuotaBytes: Number.MAX_SAFE_INTEGER },
  };

  const caller = (userId: string) => resolveCaller(sql, userId, undefined);

  return {
    db,
    sql,
    deps,
    createUser: async () => (await createAccount(db, { email: `user-${randomUUID()}@example.com`, passwordHash: 'x', role: 'user', now: new Date() })).id,
    caller,
    async submit(userId, count, now) {
      const files = await Promise.all(
        Array.from({ length: count }, async (_, i) => {
          const tempPath = path.join(dir, `upload-${randomUUID()}`);
          await writeFile(tempPath, `document ${i}`);
          return { tempPath, filename: `${i}.txt`, mimeType: 'text/plain', sizeBytes: 10, sha256: 'x'.repeat(64) };
        }),
      );
      const { organizationId } = await caller(userId);
      return submitJob(now ? { ...deps, clock: () => now } : deps, { userId, organizationId, jobType: count === 1 ? 'single' : 'batch', files });
    },
    async close() {
      await boss.stop({ graceful: false });
      await db.$disconnect();
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
