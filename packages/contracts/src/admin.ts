import { z } from 'zod';
import { TimestampSchema } from './common.ts';

const count = z.number().int().nonnegative();

/**
 * GET /api/admin/stats. `by_status` speaks the vocabulary of async-job monitoring scripts
 * (`running` = processing, `succeeded` = completed); documents keep Docket's own.
 */
export const AdminStatsSchema = z.object({
  total_jobs: count,
  by_status: z.object({ queued: count, running: count, succeeded: count, failed: count, cancelled: count }),
  total_documents: count,
  documents_by_status: z.object({ queued: count, processing: count, succeeded: count, failed: count, cancelled: count }),
  total_users: count,
  generated_at: TimestampSchema,
}).meta({ id: 'AdminStats' });
export type AdminStats = z.infer<typeof AdminStatsSchema>;

const WorkerActiveSchema = z.object({ id: z.string(), queue: z.string(), document_id: z.string(), started_at: TimestampSchema });
const WorkerStatsSchema = z.object({
  host: z.string(),
  pid: z.number().int(),
  concurrency: z.number().int(),
  started_at: TimestampSchema,
  uptime_s: z.number().int(),
  last_heartbeat_at: TimestampSchema,
  processed: count,
  failed: count,
  memory_rss_bytes: count,
});

/** GET /api/admin/workers: every live worker, keyed by `docket@<host>:<pid>`; each field null when none is alive. */
export const AdminWorkersSchema = z.object({
  active: z.record(z.string(), z.array(WorkerActiveSchema)).nullable(),
  scheduled: z.record(z.string(), z.array(z.object({ id: z.string(), queue: z.string(), start_after: TimestampSchema }))).nullable(),
  reserved: z.record(z.string(), z.array(z.unknown())).nullable(),
  revoked: z.record(z.string(), z.array(z.string())).nullable(),
  stats: z.record(z.string(), WorkerStatsSchema).nullable(),
}).meta({ id: 'AdminWorkers' });
export type AdminWorkers = z.infer<typeof AdminWorkersSchema>;

export const QueueStatsSchema = z.object({
  name: z.string(),
  status: z.enum(['active', 'idle', 'paused']),
  queue: z.object({ pending: count, processing: count, failed: count, completed: count }),
  performance: z.object({ average_execution_ms: z.number().nonnegative(), last_execution_ms: z.number().nonnegative().nullable(), success_rate: z.number().min(0).max(1) }),
  schedule: z.object({ cron: z.string(), next_run: TimestampSchema, last_run: TimestampSchema.nullable() }).nullable(),
  recent_executions: z
    .array(
      z.object({
        id: z.string(),
        status: z.enum(['created', 'retry', 'active', 'completed', 'cancelled', 'failed']),
        started_at: TimestampSchema.nullable(),
        completed_at: TimestampSchema.nullable(),
        items_processed: count,
      }),
    )
    .max(20),
  generated_at: TimestampSchema,
}).meta({ id: 'QueueStats' });
export type QueueStats = z.infer<typeof QueueStatsSchema>;
export const QueueStatsListSchema = z.object({ items: z.array(QueueStatsSchema) }).meta({ id: 'QueueStatsList' });
