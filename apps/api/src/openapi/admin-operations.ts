import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { AdminStatsSchema, AdminWorkersSchema, QueueStatsListSchema, QueueStatsSchema, WorkerTaskSchema } from '@docket/contracts/admin';
import { DOCKET_QUEUES } from '@docket/queue/queues';
import { defineOperation, json, type Access } from './define-operation.ts';

const TAG = 'Admin';
const ADMIN: Access = { kind: 'admin', tokenScopes: ['admin:read'] };

/** `/api/admin` (routes/admin-routes.ts): the whole system, for operators signed in and their `admin:read` tokens. */
export const adminOperations: ZodOpenApiPathsObject = {
  '/api/admin/stats': {
    get: defineOperation({
      operationId: 'getAdminStats',
      tag: TAG,
      summary: 'System totals',
      description: 'Exact over all history. `by_status` speaks the vocabulary of async-job monitoring scripts: `running` = processing, `succeeded` = completed.',
      access: ADMIN,
      responses: { 200: { description: 'Jobs, documents and users.', content: json(AdminStatsSchema) } },
    }),
  },
  '/api/admin/queues': {
    get: defineOperation({
      operationId: 'listQueues',
      tag: TAG,
      summary: 'Every queue',
      access: ADMIN,
      responses: { 200: { description: `The statistics of ${DOCKET_QUEUES.map((name) => `\`${name}\``).join(', ')}.`, content: json(QueueStatsListSchema) } },
    }),
  },
  '/api/admin/queues/{name}/stats': {
    get: defineOperation({
      operationId: 'getQueueStats',
      tag: TAG,
      summary: 'One queue',
      access: ADMIN,
      params: { path: z.object({ name: z.string().meta({ description: `A queue: ${DOCKET_QUEUES.map((name) => `\`${name}\``).join(', ')}.` }) }) },
      responses: { 200: { description: 'Its depth, performance, schedule and recent executions.', content: json(QueueStatsSchema) } },
      errors: { 404: '`not_found`: no queue of that name.' },
    }),
  },
  '/api/admin/workers': {
    get: defineOperation({
      operationId: 'listWorkers',
      tag: TAG,
      summary: 'Live workers',
      description: 'Every worker process that heartbeat in the last 30 s, keyed by `docket@<host>:<pid>`.',
      access: ADMIN,
      responses: { 200: { description: 'What each worker runs and has done.', content: json(AdminWorkersSchema) } },
    }),
  },
  '/api/admin/workers/tasks/{id}': {
    get: defineOperation({
      operationId: 'getWorkerTask',
      tag: TAG,
      summary: 'One queue job and its worker',
      description:
        'Celery’s `query_task`: a queue job of any of Docket’s queues (pg-boss keeps a finished one for 7 days), its state, document and job, and the worker it belongs to — the one running it, or the one that ran its last attempt, named even after that worker is gone (`worker_alive: false`). `listed_as` names the list of `GET /api/admin/workers` that shows it under that worker now.',
      access: ADMIN,
      params: { path: z.object({ id: z.string().meta({ description: 'A queue job id (a “task id” of `GET /api/admin/workers`).' }) }) },
      responses: { 200: { description: 'The queue job.', content: json(WorkerTaskSchema) } },
      errors: { 404: '`not_found`: no queue job of Docket’s queues has this id (a malformed id included).' },
    }),
  },
};
