import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { UuidSchema } from '@docket/contracts/common';
import { ApiTokenListSchema, CreateTokenRequestSchema, CreatedApiTokenSchema } from '@docket/contracts/tokens';
import { SESSION, defineOperation, json } from './define-operation.ts';

const TAG = 'API tokens';

/** `/api/tokens` (routes/token-routes.ts): API tokens for scripts, managed by a signed-in user. */
export const tokenOperations: ZodOpenApiPathsObject = {
  '/api/tokens': {
    post: defineOperation({
      operationId: 'createApiToken',
      tag: TAG,
      summary: 'Create an API token',
      description: 'A `dkt_…` token limited to its scopes, shown only in this answer (Docket keeps its SHA-256).',
      access: SESSION,
      limits: ['token-creation'],
      json: CreateTokenRequestSchema,
      responses: { 201: { description: 'The token, with its value.', content: json(CreatedApiTokenSchema) } },
    }),
    get: defineOperation({
      operationId: 'listApiTokens',
      tag: TAG,
      summary: 'List API tokens',
      description: 'The caller’s tokens that are not revoked, newest first (no values).',
      access: SESSION,
      responses: { 200: { description: 'The tokens.', content: json(ApiTokenListSchema) } },
    }),
  },
  '/api/tokens/{id}': {
    delete: defineOperation({
      operationId: 'revokeApiToken',
      tag: TAG,
      summary: 'Revoke an API token',
      description: 'The token stops working at once.',
      access: SESSION,
      params: { path: z.object({ id: UuidSchema }) },
      responses: { 204: { description: 'Revoked.' } },
      errors: { 404: '`not_found`: no such token among the caller’s.' },
    }),
  },
};
