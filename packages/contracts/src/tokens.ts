import { z } from 'zod';
import { isOperator, type Role } from './auth.ts';
import { NullableTimestampSchema, TimestampSchema, UuidSchema, displayNameSchema } from './common.ts';

export const TOKEN_SCOPES = ['jobs:read', 'jobs:write', 'history:read', 'usage:read', 'admin:read'] as const;
export const TokenScopeSchema = z.enum(TOKEN_SCOPES, { error: `scopes must be among ${TOKEN_SCOPES.join(', ')}` }).meta({ id: 'TokenScope' });
export type TokenScope = z.infer<typeof TokenScopeSchema>;

/** Scopes only an operator (system admin or super admin) may give a token: `admin:read` reads every `GET /api/admin/...` route. */
export const OPERATOR_SCOPES: readonly TokenScope[] = ['admin:read'];

/** The scopes a user with `role` may give a new token: the server refuses others (403), the dashboard offers no others. */
export function grantableScopes(role: Role): TokenScope[] {
  return TOKEN_SCOPES.filter((scope) => isOperator(role) || !OPERATOR_SCOPES.includes(scope));
}

export const CreateTokenRequestSchema = z.object({
  name: displayNameSchema(100),
  scopes: z
    .array(TokenScopeSchema)
    .min(1, 'scopes must name at least one scope')
    .transform((scopes) => [...new Set(scopes)]),
  expires_in_days: z.number().int().min(1, 'expires_in_days must be at least 1').max(3650, 'expires_in_days must be at most 3650').optional(),
}).meta({ id: 'CreateTokenRequest' });
export type CreateTokenRequest = z.infer<typeof CreateTokenRequestSchema>;

export const ApiTokenSchema = z.object({
  id: UuidSchema,
  name: z.string(),
  /** The member the token acts as. */
  user_id: UuidSchema,
  scopes: z.array(TokenScopeSchema),
  created_at: TimestampSchema,
  expires_at: NullableTimestampSchema,
  last_used_at: NullableTimestampSchema,
}).meta({ id: 'ApiToken' });
export type ApiToken = z.infer<typeof ApiTokenSchema>;

/** The create response: the only time the token itself is shown. */
export const CreatedApiTokenSchema = ApiTokenSchema.extend({ token: z.string() }).meta({ id: 'CreatedApiToken' });
export type CreatedApiToken = z.infer<typeof CreatedApiTokenSchema>;

export const ApiTokenListSchema = z.object({ items: z.array(ApiTokenSchema), next_cursor: z.string().nullable() }).meta({ id: 'ApiTokenList' });
