import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * `req.log`: the logger of this request, every line carrying `request_id` (and `user_id` once
 * the caller is known). Built on first use, so a request that logs nothing costs nothing; the
 * routes hand it to the domain functions they call.
 */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, _res, next) => {
    let child: Logger | undefined;
    Object.defineProperty(req, 'log', {
      configurable: true,
      get: () => (child ??= logger.child({ request_id: req.requestId, ...(req.auth && { user_id: req.auth.userId }) })),
    });
    next();
  };
}
