import { isIPv6 } from 'node:net';
import { Router, type Request } from 'express';
import { PageQuerySchema } from '@docket/contracts/common';
import { CreateWebhookEndpointRequestSchema } from '@docket/contracts/webhooks';
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookEndpoints } from '@docket/jobs/webhook-endpoints';
import type { ApiDeps } from '../api-deps.ts';
import { authenticate, requireScope, userIdOf } from '../http/authenticate.ts';
import { parseInput } from '../http/parse-input.ts';

export function webhookEndpointRoutes(deps: ApiDeps): Router {
  const { db, settings } = deps;
  const router = Router();
  router.use(authenticate(deps), requireScope());
  const publicUrl = settings.publicUrl?.replace(/\/$/, '');
  const baseUrl = (req: Request) => publicUrl ?? listeningUrl(req);

  router.post('/', async (req, res) => {
    const { name } = parseInput(CreateWebhookEndpointRequestSchema, req.body, 'webhook endpoint');
    res.status(201).json(await createWebhookEndpoint(db, userIdOf(req), name, baseUrl(req)));
  });
  router.get('/', async (req, res) => {
    res.json(await listWebhookEndpoints(db, userIdOf(req), parseInput(PageQuerySchema, req.query, 'query'), baseUrl(req)));
  });
  router.delete('/:id', async (req, res) => {
    await deleteWebhookEndpoint(db, userIdOf(req), req.params.id, deps.clock());
    res.status(204).end();
  });
  return router;
}

/**
 * Without PUBLIC_URL, the address this request reached — the server's own socket, which
 * no client can forge — rather than its `Host` header: a URL handed out to be given to
 * other systems must not be one a forged header chose (`Host: attacker.example` would
 * send someone's documents there). Right for a Docket reached directly; behind a proxy
 * or a load balancer the operator sets PUBLIC_URL.
 */
function listeningUrl(req: Request): string {
  const address = req.socket.localAddress ?? '127.0.0.1';
  // A dual-stack socket reports IPv4 clients' connections as IPv4-mapped IPv6.
  const unmapped = address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
  const host = isIPv6(unmapped) ? `[${unmapped}]` : unmapped;
  return `http://${host}:${req.socket.localPort}`;
}
