import { rm } from 'node:fs/promises';
import { Router, type Request } from 'express';
import type { InboundWebhookAccepted } from '@docket/contracts/webhooks';
import { checkCallbackUrl } from '@docket/jobs/callbacks/callback-target';
import { submitJob } from '@docket/jobs/submit-job';
import { findInboundEndpoint, findWebhookMessageJob, type InboundEndpoint } from '@docket/jobs/webhook-endpoints';
import type { ApiDeps } from '../api-deps.ts';
import { limitRequests } from '../http/limit-requests.ts';
import type { RateLimiters } from '../http/rate-limiters.ts';
import { discard, inspectUploads } from '../uploads/inspect-uploads.ts';
import { checkWebhookHeaders } from '../webhooks/check-webhook-headers.ts';
import { readWebhookDocuments } from '../webhooks/read-webhook-documents.ts';
import { receiveSignedBody, verifySignature } from '../webhooks/receive-signed-body.ts';

/** JSON around the documents' base64: names, keys, the callback URL, whitespace. */
const BODY_OVERHEAD_BYTES = 1024 * 1024;

/**
 * Documents pushed in by another system. No JWT: the call is signed the Standard Webhooks
 * way with the endpoint's secret. Everything that can be checked without the body is
 * checked before a byte of it is read (the endpoint, the headers and their timestamp, the
 * encoding, the declared length); the body then streams to disk with its HMAC computed on
 * the way, and only a verified body is parsed — as a stream, each document decoded
 * straight to its own file. Memory does not follow the size of the body.
 */
export function inboundWebhookRoutes(deps: ApiDeps, limiters: RateLimiters): Router {
  const { db, settings } = deps;
  const router = Router();
  // base64 inflates by 4/3: every document at its maximum, plus the JSON around them.
  const maxBodyBytes = Math.ceil((settings.maxFileSizeBytes * settings.maxFiles * 4) / 3) + BODY_OVERHEAD_BYTES;

  router.post(
    '/:endpointId',
    async (req, res, next) => {
      // Until the body has been read, a refusal closes the connection: the rest is never read.
      res.setHeader('Connection', 'close');
      res.locals.endpoint = await findInboundEndpoint(db, String(req.params.endpointId));
      next();
    },
    // Counted per endpoint once it is known to exist: made-up ids cost no write.
    limitRequests(limiters.webhooks, (req) => endpointOf(req).id),
    async (req, res) => {
      const endpoint = endpointOf(req);
      const headers = checkWebhookHeaders(req.headers, deps.clock());
      const body = await receiveSignedBody(req, { tempDir: settings.tempDir, maxBytes: maxBodyBytes, secret: endpoint.secret, headers });
      res.removeHeader('Connection');
      try {
        verifySignature(body, headers);
        // A retry of a message already accepted: its job, without decoding the body again.
        const seen = await findWebhookMessageJob(db, endpoint.id, headers.id);
        if (seen) {
          const accepted: InboundWebhookAccepted = { job_id: seen };
          res.status(202).json(accepted);
          return;
        }
        const documents = await readWebhookDocuments(body.path, settings.tempDir, settings);
        try {
          const callbackUrl = await checkCallbackUrl(documents.callbackUrl, settings.allowPrivateCallbacks);
          const files = await inspectUploads(documents.files);
          const { job } = await submitJob({ ...deps, logger: req.log }, { userId: endpoint.userId, organizationId: endpoint.organizationId, jobType: 'webhook', files, webhook: { endpointId: endpoint.id, messageId: headers.id }, callbackUrl });
          const accepted: InboundWebhookAccepted = { job_id: job.id };
          res.status(202).json(accepted);
        } finally {
          await discard(documents.files);
        }
      } finally {
        await rm(body.path, { force: true });
      }
    },
  );
  return router;
}

const endpointOf = (req: Request): InboundEndpoint => req.res!.locals.endpoint as InboundEndpoint;
