import { z } from 'zod';
import type { ZodOpenApiContentObject, ZodOpenApiOperationObject, ZodOpenApiParameters, ZodOpenApiResponseObject, oas31 } from 'zod-openapi';
import { ErrorBodySchema, RequestIdSchema } from '@docket/contracts/common';
import { TENANT_HEADER } from '@docket/contracts/organizations';
import type { TokenScope } from '@docket/contracts/tokens';
import { LIMITERS, type LimiterName } from '../http/rate-limiters.ts';

/**
 * Who may call an operation, as `authenticate`, `requireScope` and `requireAdmin` decide it:
 * - `public`: no credentials;
 * - `refresh-token`: a refresh token, in the JSON body or (cookie sessions) the `docket_refresh` cookie;
 * - `any-bearer`: a signed-in user (access token or identity-provider token) or any API token;
 * - `scope`: a signed-in user, or an API token holding `scope`;
 * - `session`: a signed-in user only (API tokens get 403 `insufficient_scope`);
 * - `admin`: a signed-in operator, or with `tokenScopes` also an operator's API token holding one of them.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'refresh-token' }
  | { kind: 'any-bearer' }
  | { kind: 'scope'; scope: TokenScope }
  | { kind: 'session' }
  | { kind: 'admin'; tokenScopes?: readonly TokenScope[] };

export const PUBLIC: Access = { kind: 'public' };
export const REFRESH_TOKEN: Access = { kind: 'refresh-token' };
export const ANY_BEARER: Access = { kind: 'any-bearer' };
export const SESSION: Access = { kind: 'session' };
export const scoped = (scope: TokenScope): Access => ({ kind: 'scope', scope });

/** The HTTP statuses of ERROR_STATUS (app-error.ts) that routes answer with an `ErrorBody`. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

/** A success response: its description, its bodies by media type, and headers beyond X-Request-Id. */
export type SuccessResponse = { description: string; content?: ZodOpenApiContentObject; headers?: Record<string, z.ZodType> };

export type OperationSpec = {
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  /** The rate limiters the route applies, in the order it applies them (each is an item of RateLimit / RateLimit-Policy). */
  limits?: readonly LimiterName[];
  params?: Pick<ZodOpenApiParameters, 'path' | 'query' | 'header' | 'cookie'>;
  /** A JSON request body (parsed by express.json: invalid JSON 400, over 1 MB 413, an unknown charset 415). */
  json?: z.ZodType;
  /** False when the JSON body may be left out (default: required). */
  jsonRequired?: boolean;
  /** Any other request body, by media type. */
  body?: { content: ZodOpenApiContentObject; required: boolean; description?: string };
  responses: Partial<Record<200 | 201 | 202 | 204 | 304, SuccessResponse>>;
  /** What this route's own errors mean, by status; the ones every route of its kind has are added. */
  errors?: Partial<Record<ErrorStatus, string>>;
  /** False for routes that never reach the database (no 503 `unavailable`). */
  usesDatabase?: boolean;
  /** The route acts in one organisation (http/select-organization.ts): it takes `x-tenantid`, with its 400 and 403. */
  inOrganization?: boolean;
  /** An admin view that `x-tenantid` narrows to one organisation (http/admin-narrowing.ts), with its 400 and 404. */
  narrowsToOrganization?: boolean;
};

export const JSON_BODY_LIMIT = '1 MB';

/** The 400 of a list endpoint (`?limit=&cursor=`). */
export const BAD_PAGE = '`validation_failed`: a bad `limit` or filter; `invalid_cursor`: a cursor this server did not make.';

/** `application/json` content of one schema. */
export const json = (schema: z.ZodType): ZodOpenApiContentObject => ({ 'application/json': { schema } });

const requestIdHeader = RequestIdSchema.meta({
  header: { id: 'X-Request-Id', description: 'The request id: the client’s own `X-Request-Id` when it sent a sane one, else one the server made. Error bodies repeat it as `request_id`; logs carry it.' },
});

/** Optional on the route's answers: a request refused before its limiter runs (401, 403) has none. */
const rateLimitHeaders = {
  RateLimit: z.string().optional().meta({
    header: {
      id: 'RateLimit',
      description:
        'What is left of each limit this route applies (IETF draft-ietf-httpapi-ratelimit-headers): `"<policy>";r=<remaining>;t=<seconds until the window resets>`, one list item per limit.',
      example: '"uploads";r=599;t=60',
    },
  }),
  'RateLimit-Policy': z.string().optional().meta({
    header: { id: 'RateLimit-Policy', description: 'Each limit this route applies: `"<policy>";q=<quota>;w=<window in seconds>`, one list item per limit.', example: '"uploads";q=600;w=60' },
  }),
};

const retryAfterHeader = z
  .string()
  .regex(/^\d+$/)
  .meta({ header: { id: 'Retry-After', description: 'Seconds to wait before trying again.', example: '42' } });

const errorContent = json(ErrorBodySchema);

/** Error responses every route of a kind shares, registered once as components. */
const SHARED_ERRORS = {
  401: {
    id: 'Unauthorized',
    description:
      'No usable credentials: `unauthorized` (no `Authorization: Bearer …`), `invalid_token` (an unknown, malformed or revoked API token; a bad JWT; an identity-provider token that does not verify, names an unknown `realmname`, or cannot sign in — the message says why) or `token_expired` (an access, API or identity-provider token past its expiry: refresh it).',
    content: errorContent,
    headers: z.object({ 'X-Request-Id': requestIdHeader }),
  },
  429: {
    id: 'RateLimited',
    description: '`rate_limited`: over one of the route’s limits; `details` names the `policy` and `retry_after_seconds`.',
    content: errorContent,
    headers: z.object({ 'X-Request-Id': requestIdHeader, 'Retry-After': retryAfterHeader, ...rateLimitHeaders }),
  },
  500: {
    id: 'InternalError',
    description: '`internal`: an unexpected failure. No detail is sent; the request id finds it in the server’s logs.',
    content: errorContent,
    headers: z.object({ 'X-Request-Id': requestIdHeader }),
  },
  503: {
    id: 'Unavailable',
    description:
      '`unavailable`: the database is not answering, or (on sign-in) every password-hashing slot stayed busy, or (identity-provider tokens) the provider’s signing keys cannot be read; try again after `Retry-After`.',
    content: errorContent,
    headers: z.object({ 'X-Request-Id': requestIdHeader, 'Retry-After': retryAfterHeader }),
  },
} satisfies Partial<Record<ErrorStatus, ZodOpenApiResponseObject>>;

/** `X-Request-Id` as a request header: every operation accepts it. */
export const requestIdParameter = RequestIdSchema.optional().meta({
  param: { id: 'X-Request-Id', in: 'header', name: 'X-Request-Id', description: 'Your own id for this request (1–128 of `A-Z a-z 0-9 . _ : -`), echoed in the response and in the server’s logs.' },
});

/** `x-tenantid` (TENANT_HEADER): the organisation a call acts in. */
const tenantParameter = z
  .uuid()
  .optional()
  .meta({
    param: {
      id: 'TenantId',
      in: 'header',
      name: TENANT_HEADER,
      description:
        'The organisation the call acts in (the caller’s personal one without it). A malformed id is 400; an organisation the caller is not a member of — or one that does not exist, which is not told apart — is 403. An API token acts in the organisation it was created in and ignores the header.',
    },
  });

/** `x-tenantid` on the admin views: a filter, not the organisation the caller acts in. */
const adminTenantParameter = z
  .uuid()
  .optional()
  .meta({
    param: {
      id: 'AdminTenantId',
      in: 'header',
      name: TENANT_HEADER,
      description:
        'Narrows the view to one organisation (the whole system without it). Operators need not be members of it, and an `admin:read` API token sends it too (here it is a filter; everywhere else a token ignores it). A malformed id is 400, an organisation that does not exist 404.',
    },
  });

/** What `x-tenantid` adds to a narrowable admin view's errors. */
const NARROWING_ERRORS: Record<400 | 404, string> = {
  400: '`validation_failed`: an `x-tenantid` that is not a UUID.',
  404: '`not_found`: `x-tenantid` names no organisation.',
};

/** `realmname`: which configured identity provider verifies a provider token (authenticated operations). */
const realmParameter = z
  .string()
  .optional()
  .meta({
    param: {
      id: 'Realmname',
      in: 'header',
      name: 'realmname',
      description:
        'With several identity providers configured (OIDC_ISSUERS), the realm of the one whose token this is; without it the token’s `iss` picks the provider. An unknown realm, or a token of another provider, is 401 `invalid_token`. Ignored for Docket’s own tokens.',
    },
  });

/** What `x-tenantid` adds to an organisation-scoped operation's errors (an API token acts in its own organisation instead). */
function tenantErrors(access: Access): Record<400 | 403, string> {
  return {
    400: '`validation_failed`: an `x-tenantid` that is not a UUID.',
    403: `\`forbidden\`: \`x-tenantid\` names an organisation the caller is not a member of (or none)${takesApiTokens(access) ? ', or the API token’s creator has left its organisation' : ''}.`,
  };
}

/**
 * One operation of the spec, with what its kind of route always brings: security and 401/403
 * from its access, 400/413/415 from a JSON body, 429 and the RateLimit headers from its
 * limits, 400 and 403 from `x-tenantid` in an organisation, 500 and 503 from running at
 * all, `X-Request-Id` on every response.
 */
export function defineOperation(spec: OperationSpec): ZodOpenApiOperationObject {
  const limited = (spec.limits?.length ?? 0) > 0;
  const headersOf = (extra: Record<string, z.ZodType> = {}) => z.object({ 'X-Request-Id': requestIdHeader, ...(limited ? rateLimitHeaders : {}), ...extra });
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, response] of Object.entries(spec.responses)) {
    responses[status] = { description: response.description, ...(response.content && { content: response.content }), headers: headersOf(response.headers) };
  }
  const implied = impliedErrors(spec);
  const errors: Partial<Record<ErrorStatus, string>> = { ...implied, ...spec.errors };
  // A route's own refusals come on top of those of its access (a token's scope, say).
  if (implied[403] && spec.errors?.[403]) errors[403] = `${spec.errors[403]} ${implied[403]}`;
  if (spec.inOrganization) {
    const tenant = tenantErrors(spec.access);
    for (const status of [400, 403] as const) errors[status] = [errors[status], tenant[status]].filter(Boolean).join(' ');
  }
  if (spec.narrowsToOrganization) {
    for (const status of [400, 404] as const) errors[status] = [errors[status], NARROWING_ERRORS[status]].filter(Boolean).join(' ');
  }
  for (const status of Object.keys(errors).map(Number).sort() as ErrorStatus[]) {
    const shared = status in SHARED_ERRORS && spec.errors?.[status] === undefined ? SHARED_ERRORS[status as keyof typeof SHARED_ERRORS] : undefined;
    responses[status] = shared ?? { description: errors[status]!, content: errorContent, headers: headersOf() };
  }
  return {
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    description: [spec.description, describeAccess(spec.access), spec.inOrganization ? describeOrganization(spec.access) : undefined, limited ? describeLimits(spec.limits!) : undefined].filter(Boolean).join('\n\n'),
    security: securityOf(spec.access),
    parameters: [requestIdParameter, ...(signsIn(spec.access) ? [realmParameter] : []), ...(spec.inOrganization ? [tenantParameter] : []), ...(spec.narrowsToOrganization ? [adminTenantParameter] : [])],
    ...(spec.params && { requestParams: spec.params }),
    ...(spec.json && { requestBody: { required: spec.jsonRequired ?? true, content: json(spec.json) } }),
    ...(spec.body && { requestBody: spec.body }),
    responses,
  };
}

function impliedErrors(spec: OperationSpec): Partial<Record<ErrorStatus, string>> {
  const errors: Partial<Record<ErrorStatus, string>> = {};
  if (spec.json || spec.params?.query || spec.params?.header) {
    errors[400] = '`validation_failed`: the request does not match the contract; `details` lists every problem as `{path, message}`.';
  }
  if (spec.json) {
    errors[413] = `\`payload_too_large\`: the JSON body is over ${JSON_BODY_LIMIT}.`;
    errors[415] = '`unsupported_media_type`: the body’s charset or content encoding is not one the server reads.';
  }
  if (signsIn(spec.access)) errors[401] = SHARED_ERRORS[401].description;
  const forbidden = forbiddenOf(spec.access);
  if (forbidden) errors[403] = forbidden;
  if (spec.limits?.length) errors[429] = SHARED_ERRORS[429].description;
  errors[500] = SHARED_ERRORS[500].description;
  if (spec.usesDatabase !== false) errors[503] = SHARED_ERRORS[503].description;
  return errors;
}

/** Whether the operation takes a bearer token (so also an identity provider's, with its `realmname`). */
function signsIn(access: Access): boolean {
  return access.kind !== 'public' && access.kind !== 'refresh-token';
}

/** Whether API tokens may call the operation (with some scope). */
function takesApiTokens(access: Access): boolean {
  return access.kind === 'any-bearer' || access.kind === 'scope' || (access.kind === 'admin' && (access.tokenScopes?.length ?? 0) > 0);
}

function describeOrganization(access: Access): string {
  return `Acts in the organisation \`x-tenantid\` names, the caller’s personal one without it${takesApiTokens(access) ? ' (an API token: always the organisation it was created in)' : ''}.`;
}

/** `a`, `a or b`, `a, b or c` of backquoted scopes. */
const scopeList = (scopes: readonly TokenScope[]) => scopes.map((scope) => `\`${scope}\``).join(', ').replace(/, ([^,]*)$/, ' or $1');

function forbiddenOf(access: Access): string | undefined {
  switch (access.kind) {
    case 'scope':
      return `\`insufficient_scope\`: an API token without the \`${access.scope}\` scope.`;
    case 'session':
      return '`insufficient_scope`: API tokens cannot use this endpoint; sign in instead.';
    case 'admin':
      return access.tokenScopes
        ? `\`forbidden\`: the caller (an API token’s owner) is not a system admin or super admin now; \`insufficient_scope\`: an API token without ${scopeList(access.tokenScopes)}.`
        : '`forbidden`: the caller is not a system admin or super admin now; `insufficient_scope`: API tokens cannot use this endpoint.';
    default:
      return undefined;
  }
}

/** A signed-in user: Docket's own access token, or an identity provider's token. */
const SIGNED_IN: oas31.SecurityRequirementObject[] = [{ accessToken: [] }, { providerToken: [] }];

function securityOf(access: Access): oas31.SecurityRequirementObject[] {
  switch (access.kind) {
    case 'public':
      return [];
    case 'refresh-token':
      // The refresh token travels in the body, which OpenAPI cannot name as a scheme: `{}` says none is needed.
      return [{}, { refreshCookie: [] }];
    case 'any-bearer':
      return [...SIGNED_IN, { apiToken: [] }];
    case 'scope':
      return [...SIGNED_IN, { apiToken: [access.scope] }];
    case 'session':
      return SIGNED_IN;
    case 'admin':
      // One requirement per scope: the scopes listed in one requirement would all be needed together.
      return [...SIGNED_IN, ...(access.tokenScopes ?? []).map((scope) => ({ apiToken: [scope] }))];
  }
}

function describeAccess(access: Access): string | undefined {
  switch (access.kind) {
    case 'refresh-token':
      return 'The refresh token goes in the JSON body; a cookie session (`x-docket-session: cookie`) sends none: its `docket_refresh` cookie is read instead.';
    case 'any-bearer':
      return 'Any signed-in user (access token or identity-provider token) or API token.';
    case 'scope':
      return `A signed-in user (access token or identity-provider token), or an API token with \`${access.scope}\`.`;
    case 'session':
      return 'A signed-in user only (access token or identity-provider token): API tokens cannot use it.';
    case 'admin':
      return access.tokenScopes
        ? `System admins and super admins only: signed in, or with their API token holding ${scopeList(access.tokenScopes)}.`
        : 'System admins and super admins only, signed in (not with an API token).';
    default:
      return undefined;
  }
}

function describeLimits(limits: readonly LimiterName[]): string {
  return `Rate-limited (${limits.map((name) => `\`${name}\`: ${LIMITERS[name]}`).join('; ')}): every answer carries \`RateLimit\` and \`RateLimit-Policy\`; past a limit, 429 with \`Retry-After\`.`;
}
