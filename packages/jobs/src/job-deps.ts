import type { Logger } from 'pino';
import type { Clock } from '@docket/contracts/clock';
import type { Db } from '@docket/db/create-prisma';
import type { JobQueue } from '@docket/queue/job-queue';
import type { BlobStore } from '@docket/storage/blob-store';

/** What the job domain needs from the outside world; entry points build it once and pass it in. */
export type JobDeps = {
  db: Db;
  queue: JobQueue;
  blobs: BlobStore;
  clock: Clock;
  /** Where the domain reports what it did; a request's logger (request_id, user_id) in the API. */
  logger: Logger;
};
