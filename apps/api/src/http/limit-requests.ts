import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '@docket/contracts/app-error';
import { LIMITERS, type Limiter } from './rate-limiters.ts';

/**
 * Counts each request against `limiter` under the key `keyOf` gives (no key: not counted)
 * and refuses it once the key is over its quota: 429 `rate_limited` with `Retry-After` in
 * seconds. Every answer carries the IETF RateLimit fields (draft-ietf-httpapi-ratelimit-headers):
 * `RateLimit-Policy: "<name>";q=<quota>;w=<window s>` and `RateLimit: "<name>";r=<remaining>;t=<s until reset>`,
 * one list item per limiter the route applies.
 */
export function limitRequests(limiter: Limiter, keyOf: (req: Request) => string | undefined | Promise<string | undefined>): RequestHandler {
  return async (req, res, next) => {
    const key = await keyOf(req);
    if (key === undefined) return next();
    const outcome = await limiter.consume(key);
    addListItem(res, 'RateLimit-Policy', `"${limiter.name}";q=${limiter.limit.points};w=${limiter.limit.windowSeconds}`);
    addListItem(res, 'RateLimit', `"${limiter.name}";r=${outcome.remaining};t=${outcome.resetSeconds}`);
    if (!outcome.allowed) {
      res.setHeader('Retry-After', String(outcome.resetSeconds));
      throw new AppError(
        'rate_limited',
        `too many ${LIMITERS[limiter.name]}: at most ${limiter.limit.points} per ${describeWindow(limiter.limit.windowSeconds)}; try again in ${outcome.resetSeconds} s`,
        { policy: limiter.name, retry_after_seconds: outcome.resetSeconds },
      );
    }
    next();
  };
}

/** The client's address as Express sees it (the forwarded one when a proxy on loopback sent it). */
export const clientIp = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

function addListItem(res: Response, field: string, item: string): void {
  const current = res.getHeader(field);
  res.setHeader(field, current === undefined ? item : `${String(current)}, ${item}`);
}

function describeWindow(seconds: number): string {
  for (const [unit, size] of [['day', 86_400], ['hour', 3600], ['minute', 60]] as const) {
    if (seconds % size === 0) return seconds === size ? unit : `${seconds / size} ${unit}s`;
  }
  return seconds === 1 ? 'second' : `${seconds} seconds`;
}
