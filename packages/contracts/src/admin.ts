import { z } from 'zod';
import { PageQuerySchema, TimestampSchema, UuidSchema, pageOf } from './common.ts';

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
/** A document the worker fetched with its batch and has not started yet (waiting for an extraction slot). */
const WorkerReservedSchema = z.object({ id: z.string(), queue: z.string(), document_id: z.string(), received_at: TimestampSchema });
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

/**
 * A queue job waiting out the backoff before its next attempt, listed under the worker whose
 * attempt failed. `document_id` is null on the callback queue; `attempts` is how many
 * attempts ran (and failed) so far.
 */
const WorkerScheduledSchema = z.object({
  id: z.string(),
  queue: z.string(),
  start_after: TimestampSchema,
  document_id: z.string().nullable(),
  job_id: z.string().nullable(),
  attempts: count,
});

/** GET /api/admin/workers: every live worker, keyed by `docket@<host>:<pid>`; each field null when none is alive. */
export const AdminWorkersSchema = z.object({
  active: z.record(z.string(), z.array(WorkerActiveSchema)).nullable(),
  scheduled: z.record(z.string(), z.array(WorkerScheduledSchema)).nullable(),
  /** Queue jobs fetched with the worker's batch (WORKER_BATCH_SIZE) and not yet started, in the order they start. */
  reserved: z.record(z.string(), z.array(WorkerReservedSchema)).nullable(),
  /** Queue job ids of documents of cancelled jobs the worker skipped recently, newest first. */
  revoked: z.record(z.string(), z.array(z.string())).nullable(),
  stats: z.record(z.string(), WorkerStatsSchema).nullable(),
}).meta({ id: 'AdminWorkers' });
export type AdminWorkers = z.infer<typeof AdminWorkersSchema>;

/** pg-boss's states of a queue job. */
export const QUEUE_JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;
const QueueJobStateSchema = z.enum(QUEUE_JOB_STATES);

/**
 * GET /api/admin/workers/tasks/{id}: one queue job and the worker it belongs to. `worker` is
 * the live worker running it, or the worker whose attempt last ran it (finished, revoked or
 * waiting for a retry); `listed_as` names the list of GET /api/admin/workers that shows it
 * under that worker right now. `attempts` counts the attempts started, the running one included.
 */
export const WorkerTaskSchema = z.object({
  id: z.string(),
  queue: z.string(),
  state: QueueJobStateSchema,
  worker: z.string().nullable(),
  worker_alive: z.boolean(),
  listed_as: z.enum(['active', 'reserved', 'scheduled', 'revoked']).nullable(),
  document_id: z.string().nullable(),
  job_id: z.string().nullable(),
  attempts: count,
  created_at: TimestampSchema,
  start_after: TimestampSchema,
  started_at: TimestampSchema.nullable(),
  completed_at: TimestampSchema.nullable(),
}).meta({ id: 'WorkerTask' });
export type WorkerTask = z.infer<typeof WorkerTaskSchema>;

/**
 * GET /api/admin/queues/{name}/stats. `kind` tells a pg-boss queue (counts of its queue jobs)
 * from a job type users submit (counts of jobs; executions are jobs, their status in the
 * queue's vocabulary: queued → `created`, processing → `active`).
 */
export const QueueStatsSchema = z.object({
  name: z.string(),
  kind: z.enum(['queue', 'job_type']),
  status: z.enum(['active', 'idle', 'paused']),
  queue: z.object({ pending: count, processing: count, failed: count, completed: count }),
  performance: z.object({ average_execution_ms: z.number().nonnegative(), last_execution_ms: z.number().nonnegative().nullable(), success_rate: z.number().min(0).max(1) }),
  schedule: z.object({ cron: z.string(), next_run: TimestampSchema, last_run: TimestampSchema.nullable() }).nullable(),
  recent_executions: z
    .array(
      z.object({
        id: z.string(),
        status: QueueJobStateSchema,
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

/**
 * GET /api/admin/organizations: organisations as an operator picks one to narrow the admin
 * views to (`x-tenantid`). `personal` marks an account's own organisation.
 */
export const AdminOrganizationSchema = z.object({
  id: UuidSchema,
  name: z.string(),
  personal: z.boolean(),
  members: count,
  created_at: TimestampSchema,
}).meta({ id: 'AdminOrganization' });
export type AdminOrganization = z.infer<typeof AdminOrganizationSchema>;
export const AdminOrganizationPageSchema = pageOf(AdminOrganizationSchema).meta({ id: 'AdminOrganizationPage' });
export type AdminOrganizationPage = z.infer<typeof AdminOrganizationPageSchema>;

/** `?query=&limit=&cursor=`: `query` matches a part of the name (any case) or a whole id. */
export const AdminOrganizationQuerySchema = PageQuerySchema.extend({
  query: z.string().trim().max(100, 'query must be at most 100 characters').optional(),
});
export type AdminOrganizationQuery = z.infer<typeof AdminOrganizationQuerySchema>;
