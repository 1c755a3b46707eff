import { Router } from 'express';
import { PageQuerySchema } from '@docket/contracts/common';
import { CreateWebhookEndpointRequestSchema } from '@docket/contracts/webhooks';
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookEndpoints } from '@docket/jobs/webhook-endpoints';
import type { ApiDeps } from '../api-deps.ts';
import { authenticate, requireScope } from '../http/authenticate.ts';
import { parseInput } from '../http/parse-input.ts';
import { publicBaseUrl } from '../http/public-base-url.ts';
import { callerOf, selectOrganization } from '../http/select-organization.ts';

export function webhookEndpointRoutes(deps: ApiDeps): Router {
  const { db, settings } = deps;
  const router = Router();
  router.use(authenticate(deps), requireScope(), selectOrganization(deps));
  const baseUrl = publicBaseUrl(settings.publicUrl);

  router.post('/', async (req, res) => {
    const { name } = parseInput(CreateWebhookEndpointRequestSchema, req.body, 'webhook endpoint');
    res.status(201).json(await createWebhookEndpoint(db, callerOf(req), name, baseUrl(req)));
  });
  router.get('/', async (req, res) => {
    res.json(await listWebhookEndpoints(db, callerOf(req), parseInput(PageQuerySchema, req.query, 'query'), baseUrl(req)));
  });
  router.delete('/:id', async (req, res) => {
    await deleteWebhookEndpoint(db, callerOf(req), req.params.id, deps.clock());
    res.status(204).end();
  });
  return router;
}
