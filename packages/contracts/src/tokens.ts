import { z } from 'zod';
import { NullableTimestampSchema, TimestampSchema, UuidSchema, displayNameSchema } from './common.ts';

export const TOKEN_SCOPES = ['jobs:read', 'jobs:write', 'history:read', 'usage:read'] as const;
export const TokenScopeSchema = z.enum(TOKEN_SCOPES, { error: `scopes must be among ${TOKEN_SCOPES.join(', ')}` }).meta({ id: 'TokenScope' });
export type TokenScope = z.infer<typeof TokenScopeSchema>;

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
