import type { Logger } from 'pino';
import type { AccessClaims } from '@docket/auth/access-token';
import type { OrganizationCaller } from '@docket/contracts/organizations';

declare global {
  // Express's own extension point for request properties (a namespace by necessity).
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by the request-id middleware; echoed in X-Request-Id and every error body. */
      requestId: string;
      /** Set by `authenticate` on authenticated routes. */
      auth?: AccessClaims;
      /** This request's logger (request_id, user_id): see request-logger.ts. */
      log: Logger;
      /** Set by `selectOrganization`: the organisation the call acts in and the caller's role. */
      caller?: OrganizationCaller;
    }
  }
}

export {};
