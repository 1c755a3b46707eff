import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { HealthSchema, ReadinessSchema } from '@docket/contracts/health';
import { PUBLIC, defineOperation, json } from './define-operation.ts';

const TAG = 'Service';
const etag = z.string().meta({ description: 'The version of the answer, for `If-None-Match`.' });

/**
 * What operators and tools read: liveness and readiness (routes/health-routes.ts), Prometheus
 * metrics (http/metrics.ts), and this contract itself with its docs page (http/serve-api-docs.ts).
 */
export const serviceOperations: ZodOpenApiPathsObject = {
  '/healthz': {
    get: defineOperation({
      operationId: 'getHealth',
      tag: TAG,
      summary: 'Liveness',
      description: '200 while the process runs.',
      access: PUBLIC,
      usesDatabase: false,
      responses: { 200: { description: 'Alive.', content: json(HealthSchema) } },
    }),
  },
  '/readyz': {
    get: defineOperation({
      operationId: 'getReadiness',
      tag: TAG,
      summary: 'Readiness',
      description: '200 only while the database answers (within 2 s) and the data directory’s disk has at least MIN_FREE_DISK_MB free: a load balancer should stop sending work otherwise.',
      access: PUBLIC,
      responses: { 200: { description: 'Ready for work.', content: json(ReadinessSchema) } },
      errors: { 503: '`unavailable`: not ready; the message gives every reason (database, disk).' },
    }),
  },
  '/metrics': {
    get: {
      ...defineOperation({
        operationId: 'getMetrics',
        tag: TAG,
        summary: 'Prometheus metrics',
        description:
          'Queue depth, documents by status, processing and HTTP request durations, rate-limit refusals, process metrics. With METRICS_TOKEN set, send it as a bearer token; without, only clients on this host (loopback) are answered.',
        access: PUBLIC,
        responses: { 200: { description: 'The Prometheus text exposition format.', content: { 'text/plain': { schema: z.string() } } } },
        errors: {
          401: '`unauthorized`: METRICS_TOKEN is set and the request does not carry it.',
          403: '`forbidden`: no METRICS_TOKEN is set and the client is not on this host.',
        },
      }),
      security: [{ metricsToken: [] }, {}],
    },
  },
  '/api/openapi.json': {
    get: defineOperation({
      operationId: 'getOpenApiDocument',
      tag: TAG,
      summary: 'This contract',
      description: 'The OpenAPI 3.1 document of every route, generated from the zod contracts the server validates with.',
      access: PUBLIC,
      usesDatabase: false,
      responses: {
        200: { description: 'The OpenAPI document.', content: json(z.looseObject({ openapi: z.string() })), headers: { ETag: etag } },
        304: { description: 'Not modified: the document is the one `If-None-Match` names.', headers: { ETag: etag } },
      },
    }),
  },
  '/api/docs': {
    get: defineOperation({
      operationId: 'getApiDocs',
      tag: TAG,
      summary: 'This contract as a page',
      description: 'The API reference, rendered in the browser from `/api/openapi.json` by a viewer Docket serves itself (nothing is loaded from elsewhere).',
      access: PUBLIC,
      usesDatabase: false,
      responses: {
        200: { description: 'An HTML page.', content: { 'text/html': { schema: z.string() } }, headers: { ETag: etag } },
        304: { description: 'Not modified: the page is the one `If-None-Match` names.', headers: { ETag: etag } },
      },
    }),
  },
};
