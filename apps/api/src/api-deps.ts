import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Clock } from '@docket/contracts/clock';
import type { ApiCallMeter } from '@docket/jobs/api-call-meter';
import type { Db, SqlPool } from '@docket/db/create-prisma';
import type { JobQueue } from '@docket/queue/job-queue';
import type { BlobStore } from '@docket/storage/blob-store';
import type { CallerResolver } from '@docket/auth/organizations/memberships';
import type { OrganizationCaps } from '@docket/auth/organizations/organization-caps';
import type { ProviderSignIn } from '@docket/auth/oidc/provider-sign-in';
import type { PasswordHashingSettings } from '@docket/auth/password-hasher';
import type { Metrics } from './http/metrics.ts';
import type { RateLimitSettings } from './http/rate-limiters.ts';

/** Everything the HTTP layer needs, built once by main.ts (or a test) and passed in. */
export type ApiDeps = {
  db: Db;
  /** The pool under `db`, for hot reads that bypass Prisma's query layer. */
  sql: SqlPool;
  queue: JobQueue;
  /** The queue engine itself, for the admin view of queues. */
  boss: PgBoss;
  blobs: BlobStore;
  clock: Clock;
  logger: Logger;
  /** Who a request acts as, in which organisation (x-tenantid or the personal one). */
  callers: CallerResolver;
  /** The api_calls usage meter, counted in memory and flushed every few seconds. */
  apiCalls: ApiCallMeter;
  /** Prometheus metrics; absent in set-ups that do not expose /metrics. */
  metrics?: Metrics;
  /** Sign-in with identity-provider tokens; absent when no OIDC provider is configured. */
  oidc?: ProviderSignIn;
  settings: {
    jwtSecret: string;
    passwordHashing: PasswordHashingSettings;
    /** Quota and window of every rate limiter (README "Configuration"). */
    rateLimits: RateLimitSettings;
    /** ORG_MAX_*: what one account or organisation may hold. */
    organizationCaps: OrganizationCaps;
    maxFileSizeBytes: number;
    maxFiles: number;
    /** STORAGE_QUOTA_MB: the bytes of documents one user may have submitted in all. */
    storageQuotaBytes: number;
    /** MIN_FREE_DISK_MB: below this much free space on DATA_DIR's filesystem, /readyz is 503. */
    minFreeDiskBytes: number;
    /** Multer and webhook temp files; on the blob store's filesystem so moves are renames. */
    tempDir: string;
    publicUrl?: string;
    /** CALLBACK_ALLOW_PRIVATE: accept callback URLs to private addresses and plain http. */
    allowPrivateCallbacks: boolean;
    /** The built dashboard to serve on this origin (apps/web/dist), if any. */
    dashboardDir?: string;
  };
};
