import { createDocument, type oas31, type ZodOpenApiComponentsObject } from 'zod-openapi';
import { TOKEN_SCOPES } from '@docket/contracts/tokens';
import { UsageRecordSchema } from '@docket/contracts/usage';
import packageJson from '../../package.json' with { type: 'json' };
import { adminOperations } from './admin-operations.ts';
import { authOperations } from './auth-operations.ts';
import { callbackOperations, callbackWebhooks } from './callback-operations.ts';
import { historyOperations } from './history-operations.ts';
import { jobOperations } from './job-operations.ts';
import { organizationOperations } from './organization-operations.ts';
import { serviceOperations } from './service-operations.ts';
import { tokenOperations } from './token-operations.ts';
import { usageOperations } from './usage-operations.ts';
import { webhookOperations } from './webhook-operations.ts';

const SECURITY_SCHEMES: ZodOpenApiComponentsObject['securitySchemes'] = {
  accessToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A signed-in session’s access token (HS256 JWT, 15 minutes) from `/api/auth/register`, `/login` or `/refresh`. Renew it with the refresh token before it expires, or after a 401 `token_expired`.',
  },
  providerToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A token of an OpenID Connect identity provider the operator configured (`OIDC_ISSUER` + `OIDC_AUDIENCE`, or several with `OIDC_ISSUERS`): an access or ID token signed RS256 or ES256 whose `aud` includes Docket’s audience. It is a signed-in user’s session, like `accessToken` (no scopes); the account is the one linked to the token’s issuer and `sub`, created on first sight with its `email`. With several providers, the `realmname` header picks one. Refused tokens are 401 `invalid_token` (or `token_expired`) with a message that says why; when the provider’s signing keys cannot be read, 503 `unavailable`.',
  },
  apiToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'dkt_…',
    description: `An API token for scripts (\`Authorization: Bearer dkt_…\`), created with \`POST /api/tokens\` by a signed-in user. It works wherever an access token does, limited to its scopes (403 \`insufficient_scope\` outside them): ${TOKEN_SCOPES.map((scope) => `\`${scope}\``).join(', ')}. The scopes listed on an operation are the ones it needs. A token acts in the organisation it was created in, as the member who created it (it ignores \`x-tenantid\`, and stops working when that member leaves). A token can never manage tokens, webhook endpoints or organisations, nor write anything under \`/api/admin\`; an admin’s token reads every \`GET /api/admin/...\` route with \`admin:read\` (there \`x-tenantid\` narrows the view to one organisation: a filter, which a token may send), and the usage export with \`usage:read\` too.`,
  },
  refreshCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'docket_refresh',
    description: 'The refresh token of a cookie session (the dashboard’s): `HttpOnly; Secure; SameSite=Strict; Path=/api/auth`, set when a request sends `x-docket-session: cookie`.',
  },
  metricsToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'METRICS_TOKEN, when the operator set one.',
  },
};

const DESCRIPTION = `Docket’s HTTP contract: submit documents, follow their jobs, read the extracted text, history and usage.

- JSON field names are \`snake_case\`; timestamps are ISO-8601 UTC strings; ids are UUIDs.
- Every error is JSON (\`ErrorBody\`): \`{"error": {"code", "message", "details"?}, "request_id"}\`. Codes are stable and machine-readable; messages are for people. New codes may appear: treat an unknown one by its HTTP status. A path no route serves is a 404 \`not_found\`, once the caller passed the checks of the part of the API it is under: without a token, a path under \`/api/jobs\` is a 401 first, and under \`/api/admin\` an API token’s write is a 403 \`insufficient_scope\`, whatever the path.
- Every response carries \`X-Request-Id\` (yours echoed when you send a sane one).
- List endpoints page with \`?limit=\` (1–100, default 20) and an opaque \`?cursor=\`, and answer \`{"items": [...], "next_cursor": "..." | null}\`.
- Rate-limited routes answer \`RateLimit\` / \`RateLimit-Policy\` on every response and 429 with \`Retry-After\` past a limit.
- Work belongs to organisations. Calls under \`/api/jobs\`, \`/api/webhook-endpoints\`, \`/api/tokens\`, \`/api/callback-secret\`, \`/api/history\` and \`/api/usage\` act in one: the \`x-tenantid\` header names it, the caller’s personal organisation without it. Another organisation’s object is a 404, never a 403; inside one, what the caller’s role does not allow is a 403 \`forbidden\`.
- Wherever a signed-in user is accepted, an identity provider’s token is too (\`providerToken\`), when the operator configured one.`;

/** zod's names for string checks that it also writes as a `pattern`: no JSON Schema format. */
const PSEUDO_FORMATS = new Set(['starts_with', 'ends_with', 'includes']);

/**
 * Tidies what zod emits: its ±2^53 bounds on every integer say nothing an integer does not,
 * and `format: starts_with` (beside the `pattern` that says it) is no format any tool knows.
 */
function tidy({ jsonSchema }: { jsonSchema: { minimum?: number; maximum?: number; format?: string } }): void {
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  if (jsonSchema.format !== undefined && PSEUDO_FORMATS.has(jsonSchema.format)) delete jsonSchema.format;
}

/**
 * The OpenAPI 3.1 document of the API, generated from the zod contracts the routes validate
 * with (packages/contracts) and the route descriptions beside this file, one module per area.
 * Deterministic: the same code gives the same document, byte for byte once serialised.
 */
export function createOpenApiDocument(): oas31.OpenAPIObject {
  const document = createDocument(
    {
      openapi: '3.1.0',
      // Relative: the API is wherever this document was served from.
      servers: [{ url: '/', description: 'This Docket' }],
      info: { title: 'Docket API', version: packageJson.version, description: DESCRIPTION, license: { name: 'Apache-2.0', identifier: 'Apache-2.0' } },
      tags: [
        { name: 'Auth', description: 'Accounts and sessions.' },
        { name: 'Jobs', description: 'Submitting documents and following their jobs.' },
        { name: 'Callbacks', description: 'Completion callbacks: the secret that signs them and their delivery attempts.' },
        { name: 'Webhook endpoints', description: 'URLs other systems push documents to.' },
        { name: 'Inbound webhooks', description: 'Where other systems push documents, signed the Standard Webhooks way.' },
        { name: 'History', description: 'The caller’s exact statistics.' },
        { name: 'Usage', description: 'Metered usage.' },
        { name: 'API tokens', description: 'Tokens for scripts, limited to scopes.' },
        { name: 'Organizations', description: 'Organisations, their members and invitations: the unit work belongs to and is billed as.' },
        { name: 'Admin', description: 'The whole system, for admins.' },
        { name: 'Service', description: 'Health, metrics and this contract.' },
      ],
      paths: { ...authOperations, ...jobOperations, ...callbackOperations, ...webhookOperations, ...historyOperations, ...usageOperations, ...tokenOperations, ...organizationOperations, ...adminOperations, ...serviceOperations },
      webhooks: callbackWebhooks,
      // UsageRecord is what each line of the export holds; no operation refers to it as JSON.
      components: { schemas: { UsageRecord: UsageRecordSchema }, securitySchemes: SECURITY_SCHEMES },
    },
    { override: tidy },
  );
  return sortComponents(document);
}

/** Components sorted by name, whatever order the generator met them in. */
function sortComponents(document: oas31.OpenAPIObject): oas31.OpenAPIObject {
  const components = document.components ?? {};
  const sorted = Object.fromEntries(
    Object.entries(components).map(([kind, entries]) => [kind, Object.fromEntries(Object.entries(entries as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))]),
  );
  return { ...document, components: sorted };
}

/** The document as served and as committed in docs/openapi.json: pretty JSON, a final newline. */
export function openApiJson(): string {
  return `${JSON.stringify(createOpenApiDocument(), null, 2)}\n`;
}
