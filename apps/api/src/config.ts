import { z } from 'zod';
import type { ProviderSignInSettings } from '@docket/auth/oidc/provider-sign-in';
import { providerUrlProblem } from '@docket/auth/oidc/provider-url';
import type { OrganizationCaps } from '@docket/auth/organizations/organization-caps';
import type { OidcProvider } from '@docket/auth/oidc/verify-provider-token';
import type { PasswordHashingSettings } from '@docket/auth/password-hasher';
import { RegisterRequestSchema } from '@docket/contracts/auth';
import { parseConfig } from '@docket/runtime/parse-config';
import { WorkerSettingsSchema } from '@docket/runtime/worker-settings';
import type { RateLimitSettings } from './http/rate-limiters.ts';

const WINDOW_UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
const RATE_LIMIT = /^(\d+)\/(\d+)([smhd])$/;

/** A rate limit written `<requests>/<window>`, e.g. `10/10m`: 10 requests per 10-minute window (units s, m, h, d). */
const rateLimit = (fallback: string) =>
  z
    .string()
    .regex(RATE_LIMIT, 'a rate limit is <requests>/<window>, e.g. 10/10m (window units: s, m, h, d)')
    .transform((value) => {
      const [, points, length, unit] = RATE_LIMIT.exec(value)!;
      return { points: Number(points), windowSeconds: Number(length) * WINDOW_UNIT_SECONDS[unit as keyof typeof WINDOW_UNIT_SECONDS] };
    })
    .refine((limit) => limit.points >= 1 && limit.windowSeconds >= 1, 'a rate limit allows at least 1 request per window of at least 1 s')
    .prefault(fallback);

/**
 * An OpenID issuer identifier: an https URL (http on loopback only) without query or fragment,
 * kept exactly as written — tokens' `iss` must match it character for character.
 */
const issuerUrl = z.string().superRefine((value, ctx) => {
  const problem = issuerProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `${value}: ${problem}` });
});

function issuerProblem(value: string): string | undefined {
  if (!URL.canParse(value)) return 'not a URL (an issuer looks like https://login.example.com/realms/acme)';
  const url = new URL(value);
  if (url.search || url.hash) return 'an OpenID issuer has no query or fragment';
  return providerUrlProblem(url);
}

/** The name of a top-level claim of the provider's tokens (`groups`, `https://example.com/orgs`). */
const organizationsClaim = z.string().trim().min(1, 'organizations_claim names a claim of the provider’s tokens').max(200);

const OidcProviderSchema = z.strictObject({
  issuer: issuerUrl,
  audience: z.string().min(1, 'audience is the client id Docket has at the provider'),
  realm: z.string().min(1).max(100).optional(),
  organizations_claim: organizationsClaim.optional(),
});

/** OIDC_ISSUERS: a JSON array of providers; issuers and realm names each appear once. */
const oidcProviders = z
  .string()
  .transform((value, ctx) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'OIDC_ISSUERS must be a JSON array such as [{"issuer": "https://…", "audience": "docket", "realm": "acme"}]' });
      return z.NEVER;
    }
  })
  .pipe(z.array(OidcProviderSchema).min(1, 'OIDC_ISSUERS lists at least one provider'))
  .refine((providers) => new Set(providers.map((provider) => provider.issuer)).size === providers.length, 'OIDC_ISSUERS names an issuer twice')
  .refine((providers) => {
    const realms = providers.flatMap((provider) => (provider.realm === undefined ? [] : [provider.realm]));
    return new Set(realms).size === realms.length;
  }, 'OIDC_ISSUERS names a realm twice');

const ApiConfigSchema = WorkerSettingsSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Unset: Docket's own PostgreSQL server in DATA_DIR/pgdata. */
  DATABASE_URL: z.url({ error: 'DATABASE_URL must be a postgresql:// URL' }).optional(),
  /** At least 32 bytes. Unset in embedded mode: generated once and kept in DATA_DIR. */
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  MAX_FILE_SIZE_MB: z.coerce.number().positive().max(2048).default(50),
  MAX_FILES: z.coerce.number().int().min(1).max(10_000).default(100),
  /** Per user: the bytes of every document they have submitted (413 beyond). */
  STORAGE_QUOTA_MB: z.coerce.number().positive().default(10_240),
  /** /readyz answers 503 while DATA_DIR's filesystem has less free space than this; 0: no check. */
  MIN_FREE_DISK_MB: z.coerce.number().min(0).default(1_024),
  /** A client must have sent its request headers within this (slow-header attacks). */
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(20_000),
  /** A client must have sent its whole request, body included, within this (slow uploads are cut: 408). */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(600_000),
  /** On SIGINT/SIGTERM, requests in flight get this long to finish before their connections are closed. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  /** Run the document worker inside this process (the one-command default). */
  RUN_WORKER: z.stringbool().default(true),
  /** Deprecated: grants nothing any more; start-up warns when it is set (kept parsed for one release). */
  ADMIN_EMAILS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((email) => email.trim().toLowerCase()).filter(Boolean)),
  /** The first system admin: created at start-up, or an existing account promoted when ADMIN_PASSWORD is its password. */
  ADMIN_EMAIL: RegisterRequestSchema.shape.email.optional(),
  ADMIN_PASSWORD: RegisterRequestSchema.shape.password.optional(),
  /** Public base URL, used in webhook endpoint URLs; defaults to the request's own host. */
  PUBLIC_URL: z.url().optional(),
  /** When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  /** scrypt cost N (a power of two; memory per hash is 1 KiB × N, r=8, p=3). */
  PASSWORD_COST: z.coerce
    .number()
    .int()
    .refine((n) => n >= 1024 && (n & (n - 1)) === 0, 'PASSWORD_COST must be a power of two ≥ 1024')
    .default(2 ** 15),
  /** scrypt computations at once; more wait (scrypt shares libuv's thread pool with file I/O). */
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  /** How long a sign-in may wait for a password check before it is answered 503. */
  PASSWORD_HASH_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /** Sign-in and sign-up attempts per client IP. */
  RATE_LIMIT_SIGN_IN_IP: rateLimit('50/10m'),
  /** Sign-in and sign-up attempts per email address. */
  RATE_LIMIT_SIGN_IN_EMAIL: rateLimit('10/10m'),
  /** Token refreshes per client IP. */
  RATE_LIMIT_REFRESH_IP: rateLimit('300/10m'),
  /** Token refreshes per account. */
  RATE_LIMIT_REFRESH_ACCOUNT: rateLimit('60/10m'),
  /** Uploads (POST /api/jobs) per signed-in user or API token. */
  RATE_LIMIT_UPLOADS: rateLimit('600/1m'),
  /** Callback redeliveries ("send again") per signed-in user or API token. */
  RATE_LIMIT_REDELIVERIES: rateLimit('60/1h'),
  /** API tokens created per user. */
  RATE_LIMIT_TOKEN_CREATION: rateLimit('30/1h'),
  /** Inbound webhook calls per endpoint. */
  RATE_LIMIT_WEBHOOKS: rateLimit('600/1m'),
  /** Organisations created per user. */
  RATE_LIMIT_ORGANIZATION_CREATION: rateLimit('10/1h'),
  /** Invitations created per user. */
  RATE_LIMIT_INVITATION_CREATION: rateLimit('100/1h'),
  /** Organisations and invitations created per client IP, whoever signed in. */
  RATE_LIMIT_ORGANIZATIONS_IP: rateLimit('300/1h'),
  /** Invitation codes tried (POST /api/invitations/accept) per client IP: guessing codes. */
  RATE_LIMIT_INVITATION_CODES_IP: rateLimit('30/10m'),
  /** Invitation codes tried per user. */
  RATE_LIMIT_INVITATION_CODES_ACCOUNT: rateLimit('10/10m'),
  /** Shared organisations one account may own (409 `conflict` beyond). */
  ORG_MAX_OWNED: z.coerce.number().int().min(1).default(20),
  /** Members of one organisation (accepting an invitation beyond: 409). */
  ORG_MAX_MEMBERS: z.coerce.number().int().min(1).default(1_000),
  /** Pending invitations of one organisation (creating one beyond: 409). */
  ORG_MAX_PENDING_INVITATIONS: z.coerce.number().int().min(1).default(100),
  /** One OpenID provider whose tokens sign users in (with OIDC_AUDIENCE). */
  OIDC_ISSUER: issuerUrl.optional(),
  /** The `aud` OIDC_ISSUER's tokens must carry: Docket's client id there. */
  OIDC_AUDIENCE: z.string().min(1).optional(),
  /** The claim of OIDC_ISSUER's tokens whose values, linked by organisations, make members (OIDC_ISSUERS: `organizations_claim`). */
  OIDC_ORGANIZATIONS_CLAIM: organizationsClaim.optional(),
  /** Several providers instead: a JSON array of {issuer, audience, realm?}; the `realmname` header picks one. */
  OIDC_ISSUERS: oidcProviders.optional(),
  /** Link a provider identity to the existing account of its email when the provider verified the address. */
  OIDC_LINK_BY_VERIFIED_EMAIL: z.stringbool().default(false),
  /** At least this long between two reads of one provider's keys (a token naming an unknown key id asks for one). */
  OIDC_KEY_REFETCH_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
})
  .refine((config) => (config.OIDC_ISSUER === undefined) === (config.OIDC_AUDIENCE === undefined), {
    message: 'OIDC_ISSUER and OIDC_AUDIENCE go together: set both (one identity provider) or neither',
    path: ['OIDC_AUDIENCE'],
  })
  .refine((config) => config.OIDC_ORGANIZATIONS_CLAIM === undefined || config.OIDC_ISSUER !== undefined, {
    message: 'OIDC_ORGANIZATIONS_CLAIM goes with OIDC_ISSUER (with OIDC_ISSUERS, give each provider its organizations_claim)',
    path: ['OIDC_ORGANIZATIONS_CLAIM'],
  })
  .refine((config) => config.OIDC_ISSUER === undefined || config.OIDC_ISSUERS === undefined, {
    message: 'set OIDC_ISSUER (one identity provider) or OIDC_ISSUERS (several), not both',
    path: ['OIDC_ISSUERS'],
  })
  .refine((config) => (config.ADMIN_EMAIL === undefined) === (config.ADMIN_PASSWORD === undefined), {
  message: 'ADMIN_EMAIL and ADMIN_PASSWORD go together: set both (the first admin account) or neither',
  path: ['ADMIN_PASSWORD'],
});

export type ApiConfig = z.infer<typeof ApiConfigSchema>;

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  return parseConfig(ApiConfigSchema, env);
}

/** The RATE_LIMIT_* settings by limiter name. */
export function rateLimitSettings(config: ApiConfig): RateLimitSettings {
  return {
    'sign-in-ip': config.RATE_LIMIT_SIGN_IN_IP,
    'sign-in-email': config.RATE_LIMIT_SIGN_IN_EMAIL,
    'refresh-ip': config.RATE_LIMIT_REFRESH_IP,
    'refresh-account': config.RATE_LIMIT_REFRESH_ACCOUNT,
    uploads: config.RATE_LIMIT_UPLOADS,
    redeliveries: config.RATE_LIMIT_REDELIVERIES,
    'token-creation': config.RATE_LIMIT_TOKEN_CREATION,
    webhooks: config.RATE_LIMIT_WEBHOOKS,
    'organization-creation': config.RATE_LIMIT_ORGANIZATION_CREATION,
    'invitation-creation': config.RATE_LIMIT_INVITATION_CREATION,
    'organizations-ip': config.RATE_LIMIT_ORGANIZATIONS_IP,
    'invitation-codes-ip': config.RATE_LIMIT_INVITATION_CODES_IP,
    'invitation-codes-account': config.RATE_LIMIT_INVITATION_CODES_ACCOUNT,
  };
}

/** The ORG_MAX_* caps. */
export function organizationCaps(config: ApiConfig): OrganizationCaps {
  return { ownedPerAccount: config.ORG_MAX_OWNED, membersPerOrganization: config.ORG_MAX_MEMBERS, pendingInvitationsPerOrganization: config.ORG_MAX_PENDING_INVITATIONS };
}

export function passwordHashingSettings(config: ApiConfig): PasswordHashingSettings {
  return { cost: config.PASSWORD_COST, concurrency: config.PASSWORD_HASH_CONCURRENCY, queueTimeoutMs: config.PASSWORD_HASH_QUEUE_TIMEOUT_MS };
}

/** Sign-in with identity-provider tokens, or undefined when no provider is configured. */
export function providerSignInSettings(config: ApiConfig): ProviderSignInSettings | undefined {
  const providers: OidcProvider[] =
    config.OIDC_ISSUERS?.map(({ organizations_claim, ...provider }) => ({ ...provider, ...(organizations_claim !== undefined && { organizationsClaim: organizations_claim }) })) ??
    (config.OIDC_ISSUER && config.OIDC_AUDIENCE
      ? [{ issuer: config.OIDC_ISSUER, audience: config.OIDC_AUDIENCE, ...(config.OIDC_ORGANIZATIONS_CLAIM !== undefined && { organizationsClaim: config.OIDC_ORGANIZATIONS_CLAIM }) }]
      : []);
  if (providers.length === 0) return undefined;
  return { providers, keyRefetchIntervalMs: config.OIDC_KEY_REFETCH_SECONDS * 1000, linkByVerifiedEmail: config.OIDC_LINK_BY_VERIFIED_EMAIL, membersPerOrganization: config.ORG_MAX_MEMBERS };
}
