import { z } from 'zod';
import { parseConfig } from '@docket/runtime/parse-config';
import { WorkerSettingsSchema } from '@docket/runtime/worker-settings';

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
