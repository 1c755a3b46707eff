import { z } from 'zod';

/** Settings of document processing, shared by standalone workers and the all-in-one server. */
export const WorkerSettingsSchema = z.object({
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
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
