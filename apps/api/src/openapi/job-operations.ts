import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { CallbackDeliveryListSchema, RedeliveryAcceptedSchema } from '@docket/contracts/callbacks';
import { PageQuerySchema, UuidSchema } from '@docket/contracts/common';
import { IdempotencyKeySchema, JobPageSchema, JobSchema, ListJobsQuerySchema, SubmitJobFormSchema, UploadLimitsSchema } from '@docket/contracts/jobs';
import { ANY_BEARER, BAD_PAGE, defineOperation, json, scoped } from './define-operation.ts';

const TAG = 'Jobs';
const jobPath = z.object({ id: UuidSchema.meta({ description: 'The job’s id.' }) });
const documentPath = jobPath.extend({ documentId: UuidSchema.meta({ description: 'The id of one of the job’s documents.' }) });
const JOB_NOT_FOUND = '`not_found`: no such job in the organisation (another organisation’s job is not found either).';
const OWN_JOBS_ONLY = '`forbidden`: a `member` acting on another member’s job (owners and admins act on every job).';

/** `/api/jobs` (routes/job-routes.ts): submit, list, read, cancel, retry, and each job's callback deliveries. */
export const jobOperations: ZodOpenApiPathsObject = {
  '/api/jobs': {
    post: defineOperation({
      operationId: 'submitJob',
      tag: TAG,
      summary: 'Submit documents',
      description:
        'Uploads one file (a `single` job) or several (a `batch`) as `multipart/form-data`. A 202 means the bytes are fsynced, the rows committed and the documents queued. The type of each file is sniffed from its bytes; a supported file whose content turns out unreadable is accepted and its document ends `failed` with a readable `error`. With `callback_url`, the job is POSTed there when it finishes (the `jobFinished` webhook).',
      access: scoped('jobs:write'),
      inOrganization: true,
      limits: ['uploads'],
      params: {
        header: z.object({
          'Idempotency-Key': IdempotencyKeySchema.optional().meta({
            description: 'Makes the submission safe to retry: the same key from the same user within 24 hours returns the first job (with `Idempotent-Replayed: true`) instead of making another.',
          }),
        }),
      },
      body: {
        required: true,
        content: { 'multipart/form-data': { schema: SubmitJobFormSchema, encoding: { files: { contentType: 'application/octet-stream' } } } },
      },
      responses: {
        202: {
          description: 'The job, queued.',
          content: json(JobSchema),
          headers: {
            Location: z.string().meta({ description: 'The job’s URL, `/api/jobs/{id}`.' }),
            'Idempotent-Replayed': z.literal('true').optional().meta({ description: 'Present when this is the first job of a repeated `Idempotency-Key`.' }),
          },
        },
      },
      errors: {
        400: '`no_files`: no part named `files`; `validation_failed`: a malformed multipart body, a part with another name, a bad `Idempotency-Key` or a `callback_url` that is not a public https URL.',
        413: '`payload_too_large`: a file over the size limit, too many files, or the organisation’s storage quota would be exceeded (`details` says how much is used).',
        415: '`unsupported_media_type`: a file of a type Docket does not process (`details.files` names them).',
      },
    }),
    get: defineOperation({
      operationId: 'listJobs',
      tag: TAG,
      summary: 'List jobs',
      description: 'The organisation’s jobs (every member’s), newest first, a page at a time: follow `next_cursor` until it is null.',
      access: scoped('jobs:read'),
      inOrganization: true,
      params: { query: ListJobsQuerySchema },
      responses: { 200: { description: 'A page of jobs.', content: json(JobPageSchema) } },
      errors: { 400: BAD_PAGE },
    }),
  },
  '/api/jobs/limits': {
    get: defineOperation({
      operationId: 'getUploadLimits',
      tag: TAG,
      summary: 'Upload limits',
      description: 'What POST /api/jobs accepts, so a client can check files before uploading them.',
      access: ANY_BEARER,
      inOrganization: true,
      responses: { 200: { description: 'The limits.', content: json(UploadLimitsSchema) } },
    }),
  },
  '/api/jobs/{id}': {
    get: defineOperation({
      operationId: 'getJob',
      tag: TAG,
      summary: 'Get a job',
      access: scoped('jobs:read'),
      inOrganization: true,
      params: { path: jobPath },
      responses: { 200: { description: 'The job and its documents.', content: json(JobSchema) } },
      errors: { 404: JOB_NOT_FOUND },
    }),
  },
  '/api/jobs/{id}/documents/{documentId}/text': {
    get: defineOperation({
      operationId: 'getDocumentText',
      tag: TAG,
      summary: 'Download a document’s text',
      description: 'The text extracted from a document that succeeded, streamed as UTF-8.',
      access: scoped('jobs:read'),
      inOrganization: true,
      params: { path: documentPath },
      responses: { 200: { description: 'The extracted text.', content: { 'text/plain': { schema: z.string() } } } },
      errors: { 404: '`not_found`: no such job or document in the organisation.', 409: '`not_ready`: the document has not succeeded (yet).' },
    }),
  },
  '/api/jobs/{id}/cancel': {
    post: defineOperation({
      operationId: 'cancelJob',
      tag: TAG,
      summary: 'Cancel a job',
      description: 'Documents still queued become `cancelled`; documents being processed finish. A job with nothing left to run is `cancelled`.',
      access: scoped('jobs:write'),
      inOrganization: true,
      params: { path: jobPath },
      responses: { 200: { description: 'The job after cancelling.', content: json(JobSchema) } },
      errors: { 403: OWN_JOBS_ONLY, 404: JOB_NOT_FOUND, 409: '`already_terminal`: the job has already finished.' },
    }),
  },
  '/api/jobs/{id}/retry': {
    post: defineOperation({
      operationId: 'retryJob',
      tag: TAG,
      summary: 'Retry a job’s failed documents',
      access: scoped('jobs:write'),
      inOrganization: true,
      params: { path: jobPath },
      responses: { 202: { description: 'The job, its failed documents queued again.', content: json(JobSchema) } },
      errors: { 403: OWN_JOBS_ONLY, 404: JOB_NOT_FOUND, 409: '`nothing_to_retry`: no document of the job failed.' },
    }),
  },
  '/api/jobs/{id}/deliveries': {
    get: defineOperation({
      operationId: 'listCallbackDeliveries',
      tag: 'Callbacks',
      summary: 'List a job’s callback deliveries',
      description: 'Every attempt to deliver the job’s completion callback, newest first.',
      access: scoped('jobs:read'),
      inOrganization: true,
      params: { path: jobPath, query: PageQuerySchema },
      responses: { 200: { description: 'A page of delivery attempts.', content: json(CallbackDeliveryListSchema) } },
      errors: { 400: BAD_PAGE, 404: JOB_NOT_FOUND },
    }),
    post: defineOperation({
      operationId: 'redeliverCallback',
      tag: 'Callbacks',
      summary: 'Send a job’s callback again',
      description: 'Sends the finished job to its `callback_url` again, under the same `webhook-id`, with the usual retries.',
      access: scoped('jobs:write'),
      inOrganization: true,
      limits: ['redeliveries'],
      params: { path: jobPath },
      responses: { 202: { description: 'The delivery is queued.', content: json(RedeliveryAcceptedSchema) } },
      errors: { 403: OWN_JOBS_ONLY, 404: JOB_NOT_FOUND, 409: '`nothing_to_deliver`: the job was submitted without a `callback_url`, or has not finished yet.' },
    }),
  },
};
