import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { PageQuerySchema, UuidSchema } from '@docket/contracts/common';
import {
  CreateWebhookEndpointRequestSchema,
  CreatedWebhookEndpointSchema,
  InboundWebhookAcceptedSchema,
  InboundWebhookBodySchema,
  WebhookEndpointListSchema,
  WebhookSignatureHeadersSchema,
} from '@docket/contracts/webhooks';
import { BAD_PAGE, PUBLIC, SESSION, defineOperation, json } from './define-operation.ts';

const TAG = 'Webhook endpoints';
const MEMBERS_MAY_NOT = '`forbidden`: the caller is a `member` of the organisation (this takes an owner or admin).';

/**
 * `/api/webhook-endpoints` (routes/webhook-endpoint-routes.ts), managed by a signed-in user,
 * and `/api/webhooks/{endpointId}` (routes/inbound-webhook-routes.ts), where other systems
 * push documents, signed with the endpoint's secret.
 */
export const webhookOperations: ZodOpenApiPathsObject = {
  '/api/webhook-endpoints': {
    post: defineOperation({
      operationId: 'createWebhookEndpoint',
      tag: TAG,
      summary: 'Create a webhook endpoint',
      description: 'A URL another system can push documents to, and the secret it signs them with — shown only in this answer. Owners and admins; the jobs it brings in belong to the organisation.',
      access: SESSION,
      inOrganization: true,
      json: CreateWebhookEndpointRequestSchema,
      responses: { 201: { description: 'The endpoint, with its secret.', content: json(CreatedWebhookEndpointSchema) } },
      errors: { 403: MEMBERS_MAY_NOT },
    }),
    get: defineOperation({
      operationId: 'listWebhookEndpoints',
      tag: TAG,
      summary: 'List webhook endpoints',
      description: 'The organisation’s endpoints, newest first (no secrets).',
      access: SESSION,
      inOrganization: true,
      params: { query: PageQuerySchema },
      responses: { 200: { description: 'A page of endpoints.', content: json(WebhookEndpointListSchema) } },
      errors: { 400: BAD_PAGE },
    }),
  },
  '/api/webhook-endpoints/{id}': {
    delete: defineOperation({
      operationId: 'deleteWebhookEndpoint',
      tag: TAG,
      summary: 'Delete a webhook endpoint',
      description: 'Owners and admins. Calls to its URL are 404 from now on; jobs it brought in stay.',
      access: SESSION,
      inOrganization: true,
      params: { path: z.object({ id: UuidSchema }) },
      responses: { 204: { description: 'Deleted.' } },
      errors: { 403: MEMBERS_MAY_NOT, 404: '`not_found`: no such endpoint in the organisation.' },
    }),
  },
  '/api/webhooks/{endpointId}': {
    post: defineOperation({
      operationId: 'receiveWebhook',
      tag: 'Inbound webhooks',
      summary: 'Push documents (inbound webhook)',
      description:
        'Another system submits documents as a `webhook` job of the endpoint’s organisation (submitted by the member who created the endpoint). No bearer token: the call is signed the Standard Webhooks way with the endpoint’s secret. The endpoint, the three headers, their timestamp, the `Content-Encoding` and the `Content-Length` are checked before a byte of the body is read; a refusal then closes the connection. A `webhook-id` already accepted answers the first job’s 202 again.',
      access: PUBLIC,
      limits: ['webhooks'],
      params: { path: z.object({ endpointId: UuidSchema.meta({ description: 'The endpoint’s id, from its URL.' }) }), header: WebhookSignatureHeadersSchema },
      body: { required: true, content: json(InboundWebhookBodySchema), description: 'Each document’s bytes in base64; at most MAX_FILES documents of MAX_FILE_SIZE_MB each.' },
      responses: { 202: { description: 'The job (or, for a repeated `webhook-id`, the first one).', content: json(InboundWebhookAcceptedSchema) } },
      errors: {
        400: '`validation_failed`: a body that is not JSON or not the contract, a `content_base64` that is not base64, a `callback_url` that is not a public https URL, or a body that ended early.',
        401: '`invalid_signature`: a missing or malformed header, a timestamp more than 5 minutes off, or no signature that matches.',
        404: '`not_found`: no such endpoint (or it was deleted).',
        413: '`payload_too_large`: a body, a document or a number of documents over the limits, or the organisation’s storage quota would be exceeded.',
        415: '`unsupported_media_type`: a `Content-Encoding` other than identity, or a document of a type Docket does not process.',
      },
    }),
  },
};
