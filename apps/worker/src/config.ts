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

const WorkerConfigSchema = WorkerSettingsSchema.extend({
  /** Serve this worker's Prometheus metrics on http://<host>:<port>/metrics (0: any free port). */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Unset: the worker's metrics listen on loopback only. Set: on every interface, behind `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  DATABASE_URL: z.url({ error: 'DATABASE_URL must be a postgresql:// URL (standalone workers need a Postgres server)' }),
});

export type WorkerConfig = z.infer<typeof WorkerConfigSchema>;

/** Parses the environment once at boot; exits with every problem listed. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return parseConfig(WorkerConfigSchema, env);
}

export function parseConfig<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`).join('\n');
  throw new Error(`invalid configuration:\n${problems}`);
}

/** For entry points: the parsed config, or the list of problems on stderr and exit code 2. */
export function configOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
}
