import type { Db } from '@docket/db/create-prisma';
import type { DocumentQueue } from '@docket/queue/enqueue-documents';
import type { BlobStore } from '@docket/storage/blob-store';

/** What the job domain needs from the outside world; entry points build it once and pass it in. */
export type JobDeps = {
  db: Db;
  queue: DocumentQueue;
  blobs: BlobStore;
  /** Injected so tests can pin time; defaults to the wall clock. */
  now?: () => Date;
};

export const wallClock = (): Date => new Date();
