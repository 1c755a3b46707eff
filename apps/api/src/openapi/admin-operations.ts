import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { AdminStatsSchema, AdminWorkersSchema, QueueStatsListSchema, QueueStatsSchema } from '@docket/contracts/admin';
import { DOCKET_QUEUES } from '@docket/queue/queues';
import { defineOperation, json, type Access } from './define-operation.ts';

const TAG = 'Admin';
const ADMIN: Access = { kind: 'admin' };

/** `/api/admin` (routes/admin-routes.ts): the whole system, for admins signed in. */
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
};
