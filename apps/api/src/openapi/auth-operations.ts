import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { AuthResultSchema, COOKIE_SESSION, LoginRequestSchema, RefreshRequestSchema, RegisterRequestSchema, SESSION_TRANSPORT_HEADER, SessionResultSchema, UserSchema } from '@docket/contracts/auth';
import { ANY_BEARER, PUBLIC, REFRESH_TOKEN, defineOperation, json, type OperationSpec, type SuccessResponse } from './define-operation.ts';

const TAG = 'Auth';

const sessionHeader = z.object({
  [SESSION_TRANSPORT_HEADER]: z.literal(COOKIE_SESSION).optional().meta({
    description: 'A browser page’s session: the refresh token is set as an HttpOnly `docket_refresh` cookie (Path=/api/auth) and left out of the JSON. Such requests must come from Docket’s own origin (else 403).',
  }),
});
const refreshCookie = z.object({ docket_refresh: z.string().optional().meta({ description: 'The refresh token of a cookie session.' }) });

const ORIGIN_REFUSED = '`forbidden`: a cookie-session request whose `Origin` is not Docket’s own.';
const SIGN_IN_LIMITS = ['sign-in-ip', 'sign-in-email'] as const;

/** Both tokens in JSON for API clients; without the refresh token (set as a cookie instead) for a cookie session. */
function session(description: string): SuccessResponse {
  return {
    description: `${description} A cookie session gets the same without \`refresh_token\`, which is set as the \`docket_refresh\` cookie instead.`,
    content: json(z.union([AuthResultSchema, SessionResultSchema])),
    headers: { 'Set-Cookie': z.string().optional().meta({ description: 'Cookie sessions only: `docket_refresh=…; Path=/api/auth; HttpOnly; Secure; SameSite=Strict`.' }) },
  };
}

const signIn = (spec: Omit<OperationSpec, 'tag' | 'access' | 'params'>): OperationSpec => ({ ...spec, tag: TAG, access: PUBLIC, params: { header: sessionHeader } });

/** `/api/auth` (routes/auth-routes.ts): sign-up, sign-in, refresh, sign-out, who am I. */
export const authOperations: ZodOpenApiPathsObject = {
  '/api/auth/register': {
    post: defineOperation(
      signIn({
        operationId: 'register',
        summary: 'Sign up',
        description: 'Creates an account (never an admin) and signs it in.',
        limits: SIGN_IN_LIMITS,
        json: RegisterRequestSchema,
        responses: { 201: session('The new account, signed in: a 15-minute access token and a 30-day refresh token.') },
        errors: { 403: ORIGIN_REFUSED, 409: '`email_taken`: an account with this email exists.' },
      }),
    ),
  },
  '/api/auth/login': {
    post: defineOperation(
      signIn({
        operationId: 'login',
        summary: 'Sign in',
        limits: SIGN_IN_LIMITS,
        json: LoginRequestSchema,
        responses: { 200: session('Signed in: a 15-minute access token and a 30-day refresh token.') },
        errors: { 401: '`invalid_credentials`: unknown email and wrong password alike.', 403: ORIGIN_REFUSED },
      }),
    ),
  },
  '/api/auth/refresh': {
    post: defineOperation({
      operationId: 'refreshSession',
      tag: TAG,
      summary: 'Renew the access token',
      description:
        'Trades a refresh token for a new access token and a new refresh token. The old refresh token stops working; presenting it again revokes every session of that sign-in. Access tokens already issued stay valid until they expire.',
      access: REFRESH_TOKEN,
      limits: ['refresh-ip', 'refresh-account'],
      params: { header: sessionHeader, cookie: refreshCookie },
      json: RefreshRequestSchema,
      jsonRequired: false,
      responses: { 200: session('The renewed session.') },
      errors: {
        401: '`invalid_token`: an unknown, revoked or already used refresh token (or no cookie); `token_expired`: a refresh token past its 30 days.',
        403: ORIGIN_REFUSED,
      },
    }),
  },
  '/api/auth/logout': {
    post: defineOperation({
      operationId: 'logout',
      tag: TAG,
      summary: 'Sign out',
      description: 'Revokes the refresh token (a cookie session’s cookie is cleared too). Access tokens already issued stay valid until they expire.',
      access: REFRESH_TOKEN,
      params: { header: sessionHeader, cookie: refreshCookie },
      json: RefreshRequestSchema,
      jsonRequired: false,
      responses: { 204: { description: 'Signed out.' } },
      errors: { 403: ORIGIN_REFUSED },
    }),
  },
  '/api/auth/me': {
    get: defineOperation({
      operationId: 'getMe',
      tag: TAG,
      summary: 'The caller’s account',
      access: ANY_BEARER,
      responses: { 200: { description: 'The account.', content: json(UserSchema) } },
    }),
  },
};
