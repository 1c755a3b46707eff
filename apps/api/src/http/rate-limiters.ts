import { createHash } from 'node:crypto';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { SqlPool } from '@docket/db/create-prisma';
import { countInBatches, type Counted, type LimitOutcome } from './count-in-batches.ts';

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

export type { LimitOutcome };

export type Limiter = {
  name: LimiterName;
  limit: RateLimit;
  consume(key: string): Promise<LimitOutcome>;
};
export type RateLimiters = Record<LimiterName, Limiter>;

/**
 * The API's rate limiters, counted in Postgres (`rate_limits`, created by our migration, not
 * by the library at run time) so every API process behind a load balancer shares them. A
 * process counts the concurrent requests of one key in one write (see count-in-batches). A key
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
    const consume = countInBatches(limit.points, async (hashedKey, points): Promise<Counted> => {
      try {
        const result = await store.consume(hashedKey, points);
        return { consumed: result.consumedPoints, msBeforeNext: result.msBeforeNext };
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        // A key remembered as over its quota is refused without a database write; its answer counts nothing.
        const consumed = rejection.consumedPoints > 0 ? rejection.consumedPoints : limit.points + points;
        return { consumed, msBeforeNext: rejection.msBeforeNext };
      }
    });
    return [
      name,
      {
        name,
        limit,
        async consume(key) {
          const outcome = await consume(hashKey(key));
          if (!outcome.allowed) onReject(name);
          return outcome;
        },
      },
    ];
  });
  return Object.fromEntries(entries) as RateLimiters;
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 32);
}
