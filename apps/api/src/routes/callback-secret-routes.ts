import { Router } from 'express';
import { getCallbackSecret, rotateCallbackSecret } from '@docket/jobs/callbacks/callback-secrets';
import type { ApiDeps } from '../api-deps.ts';
import { authenticate, requireScope, userIdOf } from '../http/authenticate.ts';

/**
 * The secret that signs the user's completion callbacks. Tokens with `jobs:write` may read
 * it: the script that submits with a callback_url is the one that must verify them.
 */
export function callbackSecretRoutes(deps: ApiDeps): Router {
  const { db } = deps;
  const router = Router();
  router.use(authenticate(deps), requireScope('jobs:write'));
  router.get('/', async (req, res) => {
    res.json(await getCallbackSecret(db, userIdOf(req)));
  });
  router.post('/rotate', async (req, res) => {
    res.json(await rotateCallbackSecret(db, userIdOf(req), deps.clock()));
  });
  return router;
}
