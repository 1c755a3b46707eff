import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { AdminOrganizationPageSchema, AdminOrganizationQuerySchema, AdminStatsSchema, AdminWorkersSchema, QueueStatsListSchema, QueueStatsSchema, WorkerTaskSchema } from '@docket/contracts/admin';
import { DOCKET_QUEUES } from '@docket/queue/queues';
import { BAD_PAGE, defineOperation, json, type Access } from './define-operation.ts';

const TAG = 'Admin';
const ADMIN: Access = { kind: 'admin', tokenScopes: ['admin:read'] };

/**
 * `/api/admin` (routes/admin-routes.ts): the whole system, for operators signed in and their
 * `admin:read` tokens; `x-tenantid` narrows each view to one organisation.
 */
const QUEUE_NARROWING =
  'Narrowed to an organisation (`x-tenantid`): a job type counts that organisation’s jobs; `extract-document` and `deliver-callback` count the queue jobs of its jobs; `maintenance` belongs to no organisation and shows zero counts and no executions (its schedule stays).';

export const adminOperations: ZodOpenApiPathsObject = {
  '/api/admin/stats': {
    get: defineOperation({
      operationId: 'getAdminStats',
      tag: TAG,
      summary: 'System totals',
      description:
        'Exact over all history. `by_status` speaks the vocabulary of async-job monitoring scripts: `running` = processing, `succeeded` = completed. Narrowed to an organisation (`x-tenantid`): its jobs and documents, and its members as `total_users`.',
      access: ADMIN,
      narrowsToOrganization: true,
      responses: { 200: { description: 'Jobs, documents and users.', content: json(AdminStatsSchema) } },
    }),
  },
  '/api/admin/queues': {
    get: defineOperation({
      operationId: 'listQueues',
      tag: TAG,
      summary: 'Every queue',
      description: QUEUE_NARROWING,
      access: ADMIN,
      narrowsToOrganization: true,
      responses: { 200: { description: `The statistics of ${DOCKET_QUEUES.map((name) => `\`${name}\``).join(', ')}.`, content: json(QueueStatsListSchema) } },
    }),
  },
  '/api/admin/queues/{name}/stats': {
    get: defineOperation({
      operationId: 'getQueueStats',
      tag: TAG,
      summary: 'One queue',
      description: QUEUE_NARROWING,
      access: ADMIN,
      narrowsToOrganization: true,
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
      description:
        'Every worker process that heartbeat in the last 30 s, keyed by `docket@<host>:<pid>`. Narrowed to an organisation (`x-tenantid`), every live worker and its `stats` are still listed (workers serve every organisation), but `active`, `scheduled`, `reserved` and `revoked` hold only that organisation’s documents and callbacks. `active`: documents being extracted; `reserved`: documents fetched with the worker’s batch (WORKER_BATCH_SIZE per fetch) and not yet started, in the order they will start; `scheduled`: retries waiting out their backoff; `revoked`: documents of cancelled jobs skipped lately.',
      access: ADMIN,
      narrowsToOrganization: true,
      responses: { 200: { description: 'What each worker runs and has done.', content: json(AdminWorkersSchema) } },
    }),
  },
  '/api/admin/workers/tasks/{id}': {
    get: defineOperation({
      operationId: 'getWorkerTask',
      tag: TAG,
      summary: 'One queue job and its worker',
      description:
        'Celery’s `query_task`: a queue job of any of Docket’s queues (pg-boss keeps a finished one for 7 days), its state, document and job, and the worker it belongs to — the one running it, or the one that ran its last attempt, named even after that worker is gone (`worker_alive: false`). `listed_as` names the list of `GET /api/admin/workers` that shows it under that worker now. Narrowed to an organisation (`x-tenantid`), a queue job about another organisation’s job (or a maintenance run, which is about none) is a 404 like a missing one.',
      access: ADMIN,
      narrowsToOrganization: true,
      params: { path: z.object({ id: z.string().meta({ description: 'A queue job id (a “task id” of `GET /api/admin/workers`).' }) }) },
      responses: { 200: { description: 'The queue job.', content: json(WorkerTaskSchema) } },
      errors: { 404: '`not_found`: no queue job of Docket’s queues has this id (a malformed id included).' },
    }),
  },
  '/api/admin/organizations': {
    get: defineOperation({
      operationId: 'listAdminOrganizations',
      tag: TAG,
      summary: 'Find an organisation',
      description:
        'Every organisation by name, for an operator to pick the one to narrow the other admin views to (`x-tenantid`). `query` keeps the names that contain it (any case), or the organisation whose id it is. Keyset pages (`next_cursor`).',
      access: ADMIN,
      params: { query: AdminOrganizationQuerySchema },
      responses: { 200: { description: 'A page of organisations.', content: json(AdminOrganizationPageSchema) } },
      errors: { 400: BAD_PAGE },
    }),
  },
};
