import { createHash } from 'node:crypto';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { SqlPool } from '@docket/db/create-prisma';

/** What each limiter counts; the name is its policy in the RateLimit headers and its label in /metrics. */
export const LIMITERS = {
  'sign-in-ip': 'sign-in attempts from this address',
  'sign-in-email': 'sign-in attempts for this email address',
  'refresh-ip': 'token refreshes from this address',
  'refresh-account': 'token refreshes for this account',
  uploads: 'uploads',
  redeliveries: 'callback redeliveries',
  'token-creation': 'API tokens created',
  webhooks: 'calls to this webhook endpoint',
  'organization-creation': 'organisations created',
  'invitation-creation': 'invitations created',
  'organizations-ip': 'organisations and invitations created from this address',
  'invitation-codes-ip': 'invitation codes tried from this address',
  'invitation-codes-account': 'invitation codes tried by this account',
} as const;
export type LimiterName = keyof typeof LIMITERS;

export type RateLimit = { points: number; windowSeconds: number };
export type RateLimitSettings = Record<LimiterName, RateLimit>;

/** One request counted against a key: allowed or not, what is left, and when the window resets. */
export type LimitOutcome = { allowed: boolean; remaining: number; resetSeconds: number };

export type Limiter = {
  name: LimiterName;
  limit: RateLimit;
  consume(key: string): Promise<LimitOutcome>;
};
export type RateLimiters = Record<LimiterName, Limiter>;

/**
 * The API's rate limiters, counted in Postgres (`rate_limits`, created by our migration, not
 * by the library at run time) so every API process behind a load balancer shares them. A key
 * over its quota is also remembered in this process until its window ends, so a client that
 * keeps hammering costs no further database writes. Keys are hashed: the table holds no
 * email or IP address. `onReject` hears of every refusal (the /metrics counter).
 */
export function createRateLimiters(pool: SqlPool, settings: RateLimitSettings, onReject: (name: LimiterName) => void = () => {}): RateLimiters {
  const entries = (Object.keys(LIMITERS) as LimiterName[]).map((name, index): [LimiterName, Limiter] => {
    const limit = settings[name];
    const store = new RateLimiterPostgres({
      storeClient: pool,
      storeType: 'pool',
      tableName: 'rate_limits',
      tableCreated: true,
      // One limiter is enough to sweep the shared table (rows expired over an hour ago, every 5 minutes).
      clearExpiredByTimeout: index === 0,
      keyPrefix: name,
      points: limit.points,
      duration: limit.windowSeconds,
      inMemoryBlockOnConsumed: limit.points + 1,
    });
    return [
      name,
      {
        name,
        limit,
        async consume(key) {
          try {
            const result = await store.consume(hashKey(key));
            return { allowed: true, remaining: result.remainingPoints, resetSeconds: toSeconds(result.msBeforeNext) };
          } catch (rejection) {
            if (!(rejection instanceof RateLimiterRes)) throw rejection;
            onReject(name);
            return { allowed: false, remaining: 0, resetSeconds: Math.max(1, toSeconds(rejection.msBeforeNext)) };
          }
        },
      },
    ];
  });
  return Object.fromEntries(entries) as RateLimiters;
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 32);
}

const toSeconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));
