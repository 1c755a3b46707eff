import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import express, { Router } from 'express';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { AppError } from '@docket/contracts/app-error';
import { InboundWebhookBodySchema, type InboundWebhookAccepted } from '@docket/contracts/webhooks';
import { checkCallbackUrl } from '@docket/jobs/callbacks/callback-target';
import { submitJob } from '@docket/jobs/submit-job';
import { findInboundEndpoint } from '@docket/jobs/webhook-endpoints';
import type { ApiDeps } from '../api-deps.ts';
import { parseInput } from '../http/parse-input.ts';
import { discard, inspectUploads, type ReceivedFile } from '../uploads/inspect-uploads.ts';

/**
 * Documents pushed in by another system. No JWT: the call is signed the Standard Webhooks
 * way with the endpoint's secret, and the signature is checked over the raw bytes before
 * anything in the body is trusted.
 */
export function inboundWebhookRoutes(deps: ApiDeps): Router {
  const { db, settings } = deps;
  const router = Router();
  // base64 inflates by 4/3; allow every file at its maximum plus JSON overhead.
  const bodyLimit = Math.ceil((settings.maxFileSizeBytes * settings.maxFiles * 4) / 3) + 1024 * 1024;

  router.post('/:endpointId', express.raw({ type: () => true, limit: Math.min(bodyLimit, 512 * 1024 * 1024) }), async (req, res) => {
    const endpoint = await findInboundEndpoint(db, req.params.endpointId);
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const headers = {
      'webhook-id': req.get('webhook-id') ?? '',
      'webhook-timestamp': req.get('webhook-timestamp') ?? '',
      'webhook-signature': req.get('webhook-signature') ?? '',
    };
    try {
      new Webhook(endpoint.secret).verify(raw, headers);
    } catch (error) {
      if (error instanceof WebhookVerificationError) {
        throw new AppError('invalid_signature', `webhook signature rejected: ${error.message.toLowerCase()}`);
      }
      throw error;
    }

    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new AppError('validation_failed', 'request body is not valid JSON');
    }
    const body = parseInput(InboundWebhookBodySchema, json, 'webhook body');
    if (body.documents.length > settings.maxFiles) {
      throw new AppError('payload_too_large', `too many documents: at most ${settings.maxFiles} per call`);
    }

    const callbackUrl = await checkCallbackUrl(body.callback_url, settings.allowPrivateCallbacks);
    const received = await writeDocuments(settings.tempDir, body.documents, settings.maxFileSizeBytes);
    const files = await inspectUploads(received);
    try {
      const { job } = await submitJob(deps, {
        userId: endpoint.userId,
        jobType: 'webhook',
        files,
        webhook: { endpointId: endpoint.id, messageId: headers['webhook-id'] },
        callbackUrl,
      });
      const accepted: InboundWebhookAccepted = { job_id: job.id };
      res.status(202).json(accepted);
    } finally {
      await discard(files);
    }
  });
  return router;
}

async function writeDocuments(tempDir: string, documents: { filename: string; content_base64: string }[], maxBytes: number): Promise<ReceivedFile[]> {
  const written: ReceivedFile[] = [];
  try {
    for (const document of documents) {
      const bytes = Buffer.from(document.content_base64, 'base64');
      if (bytes.length > maxBytes) {
        throw new AppError('payload_too_large', `document ${document.filename} exceeds the ${Math.round(maxBytes / 1024 / 1024)} MB limit per file`);
      }
      const tempPath = path.join(tempDir, `webhook-${randomUUID()}`);
      await writeFile(tempPath, bytes);
      written.push({ tempPath, originalName: document.filename, sizeBytes: bytes.length });
    }
    return written;
  } catch (error) {
    await discard(written);
    throw error;
  }
}
