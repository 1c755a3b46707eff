import os from 'node:os';
import { z } from 'zod';

/**
 * Documents a worker process runs at once unless WORKER_CONCURRENCY says otherwise: twice the
 * cores (at least 2, at most 16). A small document spends most of its time waiting for the
 * database and the disk (BENCHMARKS.md: extraction is about a fifth of a document's cycle),
 * so more documents than cores keep the CPU busy; each one in flight has its own extractor
 * process (~100 MB), which is what the cap is for.
 */
export const defaultWorkerConcurrency = (cores = os.availableParallelism()): number => Math.min(16, Math.max(2, cores * 2));

/** Settings of document processing, shared by standalone workers and the all-in-one server. */
export const WorkerSettingsSchema = z.object({
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(defaultWorkerConcurrency()),
  /**
   * Documents each of the WORKER_CONCURRENCY loops fetches from the queue at once: one fetch
   * and one settle of their queue jobs for the lot. The ones not yet started are `reserved`
   * (GET /api/admin/workers). 1 for long documents that other workers could start sooner.
   */
  WORKER_BATCH_SIZE: z.coerce.number().int().min(1).max(64).default(4),
  MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  EXTRACT_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  /** Per document: the extractor's JS heap cap, and how far its resident memory may grow above idle (~100 MB). */
  EXTRACT_MEMORY_MB: z.coerce.number().int().min(64).default(512),
  /** Let callbacks reach private, loopback and link-local addresses and plain http: development and tests only. */
  CALLBACK_ALLOW_PRIVATE: z.stringbool().default(false),
  /** First retry delay of a failed callback; later ones double, up to an hour, for 24 h. */
  CALLBACK_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('./.docket'),
});

export type WorkerSettings = z.infer<typeof WorkerSettingsSchema>;
