import express from 'express';
import { createPasswordHasher } from '@docket/auth/password-hasher';
import type { ApiDeps } from './api-deps.ts';
import { handleErrors, notFound } from './http/handle-errors.ts';
import './http/request-context.ts';
import { logRequests } from './http/log-requests.ts';
import { createRateLimiters } from './http/rate-limiters.ts';
import { requestId } from './http/request-id.ts';
import { requestLogger } from './http/request-logger.ts';
import { securityHeaders } from './http/security-headers.ts';
import { serveApiDocs } from './http/serve-api-docs.ts';
import { serveDashboard } from './http/serve-dashboard.ts';
import { adminRoutes } from './routes/admin-routes.ts';
import { callbackSecretRoutes } from './routes/callback-secret-routes.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { historyRoutes } from './routes/history-routes.ts';
import { inboundWebhookRoutes } from './routes/inbound-webhook-routes.ts';
import { jobRoutes } from './routes/job-routes.ts';
import { invitationRoutes, organizationRoutes } from './routes/organization-routes.ts';
import { tokenRoutes } from './routes/token-routes.ts';
import { usageExportRoutes, usageRoutes } from './routes/usage-routes.ts';
import { webhookEndpointRoutes } from './routes/webhook-endpoint-routes.ts';

/** The Express app of docs/api.md. Pure composition: every dependency comes in through `deps`. */
export function createApp(deps: ApiDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  const countRejection = (limiter: string) => deps.metrics?.countRejection(limiter);
  const limiters = createRateLimiters(deps.sql, deps.settings.rateLimits, countRejection);
  const passwords = createPasswordHasher(deps.settings.passwordHashing, () => countRejection('password-hashing'));

  app.use(requestId);
  app.use(requestLogger(deps.logger));
  app.use(securityHeaders());
  app.use(logRequests(deps.logger));

  if (deps.metrics) {
    app.use(deps.metrics.timeRequests);
    app.get('/metrics', deps.metrics.serve);
  }
  app.use(healthRoutes(deps));
  app.use(serveApiDocs());
  // Raw body, signature checked before parsing: mounted ahead of the JSON parser.
  app.use('/api/webhooks', inboundWebhookRoutes(deps, limiters));
  app.use(express.json({ limit: '1mb' }));
  app.use('/api/auth', authRoutes(deps, { limiters, passwords }));
  app.use('/api/jobs', jobRoutes(deps, limiters));
  app.use('/api/webhook-endpoints', webhookEndpointRoutes(deps));
  app.use('/api/history', historyRoutes(deps));
  app.use('/api/usage', usageRoutes(deps));
  // Ahead of the other admin routes, whose guard wants admin:read: this one also takes usage:read (billing scripts).
  app.use('/api/admin/usage', usageExportRoutes(deps));
  app.use('/api/admin', adminRoutes(deps));
  app.use('/api/tokens', tokenRoutes(deps, limiters));
  app.use('/api/organizations', organizationRoutes(deps, limiters));
  app.use('/api/invitations', invitationRoutes(deps, limiters));
  app.use('/api/callback-secret', callbackSecretRoutes(deps));

  if (deps.settings.dashboardDir) app.use(serveDashboard(deps.settings.dashboardDir));
  app.use(notFound);
  app.use(handleErrors({ maxFileSizeMb: deps.settings.maxFileSizeBytes / 1024 / 1024, maxFiles: deps.settings.maxFiles }));
  return app;
}
