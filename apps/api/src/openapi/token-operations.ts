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
      description: 'A `dkt_…` token limited to its scopes, shown only in this answer (Docket keeps its SHA-256). It acts in the selected organisation, as the caller, whatever `x-tenantid` it is later sent with, and stops working if the caller leaves the organisation.',
      access: SESSION,
      inOrganization: true,
      limits: ['token-creation'],
      json: CreateTokenRequestSchema,
      responses: { 201: { description: 'The token, with its value.', content: json(CreatedApiTokenSchema) } },
      errors: { 403: '`forbidden`: the `admin:read` scope asked by someone who is not a system admin or super admin (`details.scopes` names it).' },
    }),
    get: defineOperation({
      operationId: 'listApiTokens',
      tag: TAG,
      summary: 'List API tokens',
      description: 'The live tokens of the organisation, newest first (no values): every member’s for owners and admins, the caller’s own for a `member`.',
      access: SESSION,
      inOrganization: true,
      responses: { 200: { description: 'The tokens.', content: json(ApiTokenListSchema) } },
    }),
  },
  '/api/tokens/{id}': {
    delete: defineOperation({
      operationId: 'revokeApiToken',
      tag: TAG,
      summary: 'Revoke an API token',
      description: 'The token stops working at once. Owners and admins revoke every member’s tokens of the organisation, a `member` their own.',
      access: SESSION,
      inOrganization: true,
      params: { path: z.object({ id: UuidSchema }) },
      responses: { 204: { description: 'Revoked.' } },
      errors: { 404: '`not_found`: no such token among those the caller sees in the organisation.' },
    }),
  },
};
