import { BlockList, isIPv6 } from 'node:net';
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { isBearerSecret } from '@docket/auth/bearer-secret';
import { AppError } from '@docket/contracts/app-error';
import type { Clock } from '@docket/contracts/clock';
import type { Db } from '@docket/db/create-prisma';
import { getAdminStats } from '@docket/jobs/get-admin-stats';
import { createDocumentHistogram } from '@docket/runtime/worker-metrics';

export type QueueDepth = { queue: string; queued: number; active: number; deferred: number };

export type Metrics = {
  /** Times every HTTP request by method, route pattern and status. */
  timeRequests: RequestHandler;
  /** GET /metrics in Prometheus text format: bearer METRICS_TOKEN when one is set, else loopback clients only. */
  serve: RequestHandler;
  /** A request refused by a rate limiter (or by the password-hashing queue). */
  countRejection(limiter: string): void;
  /** Called by the in-process worker when a document settles. */
  observeDocument(status: 'succeeded' | 'failed', seconds: number): void;
};

/**
 * Prometheus metrics. Job and document counts are read from the maintained counters at
 * scrape time (exact, never a scan), queue depth from pg-boss's queue statistics.
 */
export function createMetrics(options: { db: Db; clock: Clock; queueDepth: () => Promise<QueueDepth[]>; token?: string }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'docket_process_' });

  const http = new Histogram({
    name: 'docket_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const documentDuration = createDocumentHistogram(registry);
  const rejections = new Counter({
    name: 'docket_rate_limited_total',
    help: 'Requests refused by a rate limiter (429), or by the password-hashing queue (503), by limiter',
    labelNames: ['limiter'],
    registers: [registry],
  });
  // prom-client collects every metric at once: both gauges share one read of the counters.
  let counters: { at: number; stats: ReturnType<typeof getAdminStats> } | undefined;
  const readCounters = () => {
    const now = options.clock();
    if (!counters || now.getTime() - counters.at > 500) counters = { at: now.getTime(), stats: getAdminStats(options.db, now) };
    return counters.stats;
  };
  new Gauge({
    name: 'docket_jobs',
    help: 'Jobs by status, whole history',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const stats = await readCounters();
      const statuses = { queued: 'queued', processing: 'running', completed: 'succeeded', failed: 'failed', cancelled: 'cancelled' } as const;
      for (const [status, key] of Object.entries(statuses)) this.set({ status }, stats.by_status[key]);
    },
  });
  new Gauge({
    name: 'docket_documents',
    help: 'Documents by status, whole history',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      for (const [status, count] of Object.entries((await readCounters()).documents_by_status)) this.set({ status }, count);
    },
  });
  new Gauge({
    name: 'docket_queue_depth',
    help: 'Queue jobs by queue and state (queued includes deferred retries)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      for (const depth of await options.queueDepth()) {
        this.set({ queue: depth.queue, state: 'queued' }, depth.queued);
        this.set({ queue: depth.queue, state: 'active' }, depth.active);
        this.set({ queue: depth.queue, state: 'deferred' }, depth.deferred);
      }
    },
  });

  return {
    timeRequests(req, res, next) {
      const end = http.startTimer();
      res.on('finish', () => {
        // The route pattern, not the path: ids must not explode the label set.
        const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
        end({ method: req.method, route, status: String(res.statusCode) });
      });
      next();
    },
    async serve(req, res) {
      if (options.token) {
        if (!isBearerSecret(req.get('authorization'), options.token)) throw new AppError('unauthorized', 'metrics need Authorization: Bearer <METRICS_TOKEN>');
      } else if (!isLoopback(req.ip)) {
        // Without a token the numbers are for this host only: they tell a stranger how busy Docket is.
        throw new AppError('forbidden', 'metrics are served to this host only; set METRICS_TOKEN to scrape them from elsewhere');
      }
      res.type(registry.contentType).send(await registry.metrics());
    },
    countRejection: (limiter) => rejections.inc({ limiter }),
    observeDocument: (status, seconds) => documentDuration.observe({ status }, seconds),
  };
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (`::ffff:127.0.0.1`). */
function isLoopback(ip: string | undefined): boolean {
  return ip !== undefined && LOOPBACK.check(ip, isIPv6(ip) ? 'ipv6' : 'ipv4');
}
