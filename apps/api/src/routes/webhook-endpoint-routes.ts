import { Router, type Request } from 'express';
import { PageQuerySchema } from '@docket/contracts/common';
import { CreateWebhookEndpointRequestSchema } from '@docket/contracts/webhooks';
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookEndpoints } from '@docket/jobs/webhook-endpoints';
import type { ApiDeps } from '../api-deps.ts';
import { authenticate, requireScope, userIdOf } from '../http/authenticate.ts';
import { parseInput } from '../http/parse-input.ts';

export function webhookEndpointRoutes({ db, settings }: ApiDeps): Router {
  const router = Router();
  router.use(authenticate(settings.jwtSecret, db), requireScope());
  const baseUrl = (req: Request) => settings.publicUrl?.replace(/\/$/, '') ?? `${req.protocol}://${req.get('host')}`;

  router.post('/', async (req, res) => {
    const { name } = parseInput(CreateWebhookEndpointRequestSchema, req.body, 'webhook endpoint');
    res.status(201).json(await createWebhookEndpoint(db, userIdOf(req), name, baseUrl(req)));
  });
  router.get('/', async (req, res) => {
    res.json(await listWebhookEndpoints(db, userIdOf(req), parseInput(PageQuerySchema, req.query, 'query'), baseUrl(req)));
  });
  router.delete('/:id', async (req, res) => {
    await deleteWebhookEndpoint(db, userIdOf(req), req.params.id);
    res.status(204).end();
  });
  return router;
}
