import { Router } from 'express';
import { getCallbackSecret, rotateCallbackSecret } from '@docket/jobs/callbacks/callback-secrets';
import type { ApiDeps } from '../api-deps.ts';
import { authenticate, requireScope } from '../http/authenticate.ts';
import { callerOf, selectOrganization } from '../http/select-organization.ts';

/**
 * The secret that signs the organisation's completion callbacks (every member may read it;
 * owners and admins rotate it). Tokens with `jobs:write` may read
 * it: the script that submits with a callback_url is the one that must verify them.
 */
export function callbackSecretRoutes(deps: ApiDeps): Router {
  const { db } = deps;
  const router = Router();
  router.use(authenticate(deps), requireScope('jobs:write'), selectOrganization(deps));
  router.get('/', async (req, res) => {
    res.json(await getCallbackSecret(db, callerOf(req).organizationId));
  });
  router.post('/rotate', async (req, res) => {
    res.json(await rotateCallbackSecret(db, callerOf(req), deps.clock()));
  });
  return router;
}
