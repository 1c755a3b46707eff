import { Router } from 'express';
import { AppError } from '@docket/contracts/app-error';
import { CallbackUrlSchema } from '@docket/contracts/callbacks';
import { PageQuerySchema } from '@docket/contracts/common';
import { IdempotencyKeySchema, ListJobsQuerySchema, type UploadLimits } from '@docket/contracts/jobs';
import { checkCallbackUrl } from '@docket/jobs/callbacks/callback-target';
import { listDeliveries } from '@docket/jobs/callbacks/list-deliveries';
import { redeliverCallback } from '@docket/jobs/callbacks/redeliver-callback';
import { cancelJob } from '@docket/jobs/cancel-job';
import { getDocumentText } from '@docket/jobs/get-document-text';
import { getJob } from '@docket/jobs/get-job';
import { listJobs } from '@docket/jobs/list-jobs';
import { retryJob } from '@docket/jobs/retry-job';
import { checkUploadAllowed, createQuotaRoom } from '@docket/jobs/storage-quota';
import { submitJob } from '@docket/jobs/submit-job';
import type { ApiDeps } from '../api-deps.ts';
import { authenticate, callerKey, requireScope } from '../http/authenticate.ts';
import { limitRequests } from '../http/limit-requests.ts';
import { parseInput } from '../http/parse-input.ts';
import { callerOf, selectOrganization } from '../http/select-organization.ts';
import type { RateLimiters } from '../http/rate-limiters.ts';
import { discard, inspectUploads } from '../uploads/inspect-uploads.ts';
import { receiveMultipart, receivedFiles } from '../uploads/receive-multipart.ts';

export function jobRoutes(deps: ApiDeps, limiters: RateLimiters): Router {
  const { db, settings } = deps;
  const router = Router();
  const room = createQuotaRoom(deps.clock);
  router.use(authenticate(deps), selectOrganization(deps));
  const read = requireScope('jobs:read');
  const write = requireScope('jobs:write');

  router.post(
    '/',
    write,
    // Counted before a byte of the upload is read.
    limitRequests(limiters.uploads, callerKey),
    // A bad key, or an account already at its storage quota, is refused before a byte of the upload is read.
    async (req, _res, next) => {
      const key = req.get('idempotency-key');
      if (key !== undefined) parseInput(IdempotencyKeySchema, key, 'Idempotency-Key header');
      await checkUploadAllowed({ ...deps, room }, { ...callerOf(req), quotaBytes: settings.storageQuotaBytes, idempotencyKey: key, now: deps.clock() });
      next();
    },
    receiveMultipart(settings),
    async (req, res) => {
      const received = receivedFiles(req.files as Express.Multer.File[] | undefined);
      if (received.length === 0) {
        throw new AppError('no_files', 'no files in the request: send one or more files as multipart/form-data parts named "files"');
      }
      const files = await inspectUploads(received);
      try {
        const caller = callerOf(req);
        const { job, replayed } = await submitJob({ ...deps, logger: req.log }, {
          userId: caller.userId,
          organizationId: caller.organizationId,
          jobType: files.length === 1 ? 'single' : 'batch',
          files,
          idempotencyKey: req.get('idempotency-key'),
          callbackUrl: await checkCallbackUrl(parseInput(CallbackUrlSchema.optional(), req.body?.callback_url, 'callback_url'), settings.allowPrivateCallbacks),
        });
        if (replayed) res.setHeader('Idempotent-Replayed', 'true');
        else room.spend(caller.organizationId, files.reduce((sum, file) => sum + file.sizeBytes, 0));
        res.status(202).location(`/api/jobs/${job.id}`).json(job);
      } finally {
        await discard(files);
      }
    },
  );

  router.get('/', read, async (req, res) => {
    res.json(await listJobs(db, callerOf(req), parseInput(ListJobsQuerySchema, req.query, 'query')));
  });

  router.get('/limits', (_req, res) => {
    const limits: UploadLimits = { max_file_size_bytes: settings.maxFileSizeBytes, max_files: settings.maxFiles };
    res.json(limits);
  });

  router.get('/:id', read, async (req, res) => {
    res.json(await getJob(db, callerOf(req), String(req.params.id)));
  });

  router.get('/:id/documents/:documentId/text', read, async (req, res) => {
    const text = await getDocumentText(deps, callerOf(req), String(req.params.id), String(req.params.documentId));
    res.type('text/plain; charset=utf-8').send(text);
  });

  router.get('/:id/deliveries', read, async (req, res) => {
    res.json(await listDeliveries(db, callerOf(req), String(req.params.id), parseInput(PageQuerySchema, req.query, 'query')));
  });

  router.post('/:id/deliveries', write, limitRequests(limiters.redeliveries, callerKey), async (req, res) => {
    res.status(202).json(await redeliverCallback({ ...deps, logger: req.log }, callerOf(req), String(req.params.id)));
  });

  router.post('/:id/cancel', write, async (req, res) => {
    res.json(await cancelJob({ ...deps, logger: req.log }, callerOf(req), String(req.params.id)));
  });

  router.post('/:id/retry', write, async (req, res) => {
    res.status(202).json(await retryJob({ ...deps, logger: req.log }, callerOf(req), String(req.params.id)));
  });

  return router;
}
