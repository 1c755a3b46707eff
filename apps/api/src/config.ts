import { z } from 'zod';
import { WorkerSettingsSchema, parseConfig } from '@docket/worker/config';

const ApiConfigSchema = WorkerSettingsSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Unset: Docket's own PostgreSQL server in DATA_DIR/pgdata. */
  DATABASE_URL: z.url({ error: 'DATABASE_URL must be a postgresql:// URL' }).optional(),
  /** At least 32 bytes. Unset in embedded mode: generated once and kept in DATA_DIR. */
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  MAX_FILE_SIZE_MB: z.coerce.number().positive().max(2048).default(50),
  MAX_FILES: z.coerce.number().int().min(1).max(10_000).default(100),
  /** Per user: the bytes of every document they have submitted (413 beyond). */
  STORAGE_QUOTA_MB: z.coerce.number().positive().default(10_240),
  /** /readyz answers 503 while DATA_DIR's filesystem has less free space than this; 0: no check. */
  MIN_FREE_DISK_MB: z.coerce.number().min(0).default(1_024),
  /** Run the document worker inside this process (the one-command default). */
  RUN_WORKER: z.stringbool().default(true),
  ADMIN_EMAILS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((email) => email.trim().toLowerCase()).filter(Boolean)),
  /** Public base URL, used in webhook endpoint URLs; defaults to the request's own host. */
  PUBLIC_URL: z.url().optional(),
  /** When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  /** scrypt cost N (a power of two). */
  PASSWORD_COST: z.coerce
    .number()
    .int()
    .refine((n) => n >= 1024 && (n & (n - 1)) === 0, 'PASSWORD_COST must be a power of two ≥ 1024')
    .default(2 ** 17),
});

export type ApiConfig = z.infer<typeof ApiConfigSchema>;

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  return parseConfig(ApiConfigSchema, env);
}
