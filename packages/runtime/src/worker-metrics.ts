import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { isBearerSecret } from '@docket/auth/bearer-secret';

/** The per-document histogram, defined once for the API process and standalone workers alike. */
export function createDocumentHistogram(registry: Registry): Histogram<'status'> {
  return new Histogram({
    name: 'docket_document_processing_seconds',
    help: 'Time from claim to outcome per document, by outcome',
    labelNames: ['status'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [registry],
  });
}

/**
 * Metrics of a standalone worker process, served on their own port (`WORKER_METRICS_PORT`)
 * so Prometheus scrapes every worker, as it would a Sidekiq or Celery exporter. As for the
 * API's /metrics: without a token they are for this host only (the server listens on
 * loopback); with METRICS_TOKEN it listens on every interface and wants the bearer token.
 */
export async function serveWorkerMetrics(port: number, token: string | undefined): Promise<{ observeDocument(status: 'succeeded' | 'failed', seconds: number): void; url: string; close(): Promise<void> }> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'docket_process_' });
  const documents = createDocumentHistogram(registry);
  const server: Server = createServer(async (req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    if (token && !isBearerSecret(req.headers.authorization, token)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
      return;
    }
    res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
  });
  await new Promise<void>((resolve) => server.listen(port, token ? '0.0.0.0' : '127.0.0.1', resolve));
  return {
    observeDocument: (status, seconds) => documents.observe({ status }, seconds),
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
