import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { CallbackSecretSchema } from '@docket/contracts/callbacks';
import { WebhookSignatureHeadersSchema } from '@docket/contracts/webhooks';
import { defineOperation, json, scoped } from './define-operation.ts';

const TAG = 'Callbacks';

/** `/api/callback-secret` (routes/callback-secret-routes.ts): the secret that signs the organisation's completion callbacks. */
export const callbackOperations: ZodOpenApiPathsObject = {
  '/api/callback-secret': {
    get: defineOperation({
      operationId: 'getCallbackSecret',
      tag: TAG,
      summary: 'The callback secret',
      description: 'The secret Docket signs the organisation’s completion callbacks with, created on the first call. Every member may read it, and tokens with `jobs:write`: the script that submits with a `callback_url` is the one that verifies the calls.',
      access: scoped('jobs:write'),
      inOrganization: true,
      responses: { 200: { description: 'The secret.', content: json(CallbackSecretSchema) } },
    }),
  },
  '/api/callback-secret/rotate': {
    post: defineOperation({
      operationId: 'rotateCallbackSecret',
      tag: TAG,
      summary: 'Replace the callback secret',
      description: 'Owners and admins. The organisation’s callbacks are signed with the new secret from now on, retries included.',
      access: scoped('jobs:write'),
      inOrganization: true,
      errors: { 403: '`forbidden`: the caller is a `member` of the organisation (this takes an owner or admin).' },
      responses: { 200: { description: 'The new secret.', content: json(CallbackSecretSchema) } },
    }),
  },
};

/**
 * What Docket sends (the spec's `webhooks`): a job's completion callback, POSTed to the
 * `callback_url` it was submitted with (packages/jobs/src/callbacks/deliver-callback.ts).
 */
export const callbackWebhooks: ZodOpenApiPathsObject = {
  jobFinished: {
    post: {
      operationId: 'jobFinished',
      tags: [TAG],
      summary: 'A job finished (completion callback)',
      description:
        'When a job submitted with a `callback_url` becomes `completed`, `failed` or `cancelled`, Docket POSTs it there — the same JSON as `GET /api/jobs/{id}` — signed the Standard Webhooks way with its organisation’s callback secret (`GET /api/callback-secret`). Verify the signature and the timestamp before trusting the body. Anything but a 2xx within 10 s is retried with exponential backoff (30 s, 1 min, 2 min … then hourly) for 24 hours, under the same `webhook-id`; redirects are not followed. Only public https URLs on port 443 (or 80) are called. Every attempt is listed at `GET /api/jobs/{id}/deliveries`.',
      // No bearer token: the receiver verifies the signature headers with its callback secret.
      security: [],
      requestParams: { header: WebhookSignatureHeadersSchema },
      // The Job component as responses render it (the generator would render an input variant for a request body).
      requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Job' } } } },
      responses: {
        '2XX': { description: 'Received: the delivery is done.' },
        default: { description: 'Anything else (or no answer within 10 s): the delivery is retried.' },
      },
    },
  },
};
