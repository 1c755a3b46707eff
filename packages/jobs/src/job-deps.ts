import type { Db } from '@docket/db/create-prisma';
import type { JobQueue } from '@docket/queue/job-queue';
import type { BlobStore } from '@docket/storage/blob-store';

/** What the job domain needs from the outside world; entry points build it once and pass it in. */
export type JobDeps = {
  db: Db;
  queue: JobQueue;
  blobs: BlobStore;
  /** Injected so tests can pin time; defaults to the wall clock. */
  now?: () => Date;
};

export const wallClock = (): Date => new Date();
