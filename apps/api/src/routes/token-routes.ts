import { Router } from 'express';
import { createApiToken, listApiTokens, revokeApiToken } from '@docket/auth/api-tokens';
import { CreateTokenRequestSchema } from '@docket/contracts/tokens';
import type { ApiDeps } from '../api-deps.ts';
import { authenticate, callerKey, requireScope } from '../http/authenticate.ts';
import { limitRequests } from '../http/limit-requests.ts';
import { parseInput } from '../http/parse-input.ts';
import { callerOf, selectOrganization } from '../http/select-organization.ts';
import type { RateLimiters } from '../http/rate-limiters.ts';

/**
 * API tokens are managed by a signed-in user in the selected organisation (the tokens act
 * there); a token cannot mint or revoke tokens.
 */
export function tokenRoutes(deps: ApiDeps, limiters: RateLimiters): Router {
  const { db } = deps;
  const router = Router();
  router.use(authenticate(deps), requireScope(), selectOrganization(deps));
  router.post('/', limitRequests(limiters['token-creation'], callerKey), async (req, res) => {
    res.status(201).json(await createApiToken(db, callerOf(req), parseInput(CreateTokenRequestSchema, req.body, 'token'), deps.clock()));
  });
  router.get('/', async (req, res) => {
    res.json(await listApiTokens(db, callerOf(req)));
  });
  router.delete('/:id', async (req, res) => {
    await revokeApiToken(db, callerOf(req), req.params.id, deps.clock());
    res.status(204).end();
  });
  return router;
}
