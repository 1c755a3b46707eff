import { z } from 'zod';
import { CallbackUrlSchema } from './callbacks.ts';
import { InstantSchema, NullableTimestampSchema, PageQuerySchema, TimestampSchema, UuidSchema, pageOf } from './common.ts';

export const JOB_TYPES = ['single', 'batch', 'webhook'] as const;
export const JOB_STATUSES = ['queued', 'processing', 'completed', 'failed', 'cancelled'] as const;
export const DOCUMENT_STATUSES = ['queued', 'processing', 'succeeded', 'failed', 'cancelled'] as const;

export const JobTypeSchema = z.enum(JOB_TYPES).meta({ id: 'JobType' });
export type JobType = z.infer<typeof JobTypeSchema>;
export const JobStatusSchema = z.enum(JOB_STATUSES).meta({ id: 'JobStatus' });
export type JobStatus = z.infer<typeof JobStatusSchema>;

/** A job in one of these statuses is done: nothing about it changes unless it is retried. */
/** The statuses a job ends in: nothing changes it afterwards but a retry. */
export const TERMINAL_JOB_STATUSES = ['completed', 'failed', 'cancelled'] as const satisfies readonly JobStatus[];

export function isTerminalJob(status: JobStatus): boolean {
  return (TERMINAL_JOB_STATUSES as readonly JobStatus[]).includes(status);
}
export const DocumentStatusSchema = z.enum(DOCUMENT_STATUSES).meta({ id: 'DocumentStatus' });
export type DocumentStatus = z.infer<typeof DocumentStatusSchema>;

/** What extraction learned about a document besides its text; `{}` until it succeeded. */
export const DocumentMetadataSchema = z.object({
  /** PDFs: the document information dictionary's fields, where present. */
  title: z.string().nullable().optional(),
  author: z.string().nullable().optional(),
  producer: z.string().nullable().optional(),
  /** Text files: how the bytes were read. */
  encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'latin1']).optional(),
  /** PDFs: what read the text layer (poppler's pdftotext when installed, else pdf.js). */
  extractor: z.enum(['pdftotext', 'pdf.js']).optional(),
});
export type DocumentMetadata = z.infer<typeof DocumentMetadataSchema>;

export const DocumentSchema = z.object({
  id: UuidSchema,
  filename: z.string(),
  mime_type: z.string(),
  size_bytes: z.number().int(),
  sha256: z.string(),
  status: DocumentStatusSchema,
  page_count: z.number().int().nullable(),
  word_count: z.number().int().nullable(),
  language: z.string().nullable(),
  error: z.string().nullable(),
  metadata: DocumentMetadataSchema,
  started_at: NullableTimestampSchema,
  completed_at: NullableTimestampSchema,
}).meta({ id: 'Document' });
export type Document = z.infer<typeof DocumentSchema>;

export const JobSummarySchema = z.object({
  id: UuidSchema,
  /** The organisation the job belongs to. */
  organization_id: UuidSchema,
  /** Who submitted it: a member of the organisation (or a former member). */
  user_id: UuidSchema,
  job_type: JobTypeSchema,
  status: JobStatusSchema,
  total_documents: z.number().int(),
  /** Documents that succeeded. */
  processed_count: z.number().int(),
  failed_count: z.number().int(),
  started_at: NullableTimestampSchema,
  completed_at: NullableTimestampSchema,
  created_at: TimestampSchema,
}).meta({ id: 'JobSummary' });
export type JobSummary = z.infer<typeof JobSummarySchema>;

export const JobSchema = JobSummarySchema.extend({
  documents: z.array(DocumentSchema),
  error: z.string().nullable(),
  /** Where the job is POSTed when it finishes (docs/api.md#completion-callbacks), or null. */
  callback_url: z.string().nullable(),
}).meta({ id: 'Job' });
export type Job = z.infer<typeof JobSchema>;

export const ListJobsQuerySchema = PageQuerySchema.extend({
  status: JobStatusSchema.optional(),
  job_type: JobTypeSchema.optional(),
  from: InstantSchema.optional(),
  to: InstantSchema.optional(),
});
export type ListJobsQuery = z.infer<typeof ListJobsQuerySchema>;

export const JobPageSchema = pageOf(JobSummarySchema).meta({ id: 'JobPage' });
export type JobPage = z.infer<typeof JobPageSchema>;

/** `Idempotency-Key` header of POST /api/jobs. */
export const IdempotencyKeySchema = z
  .string()
  .min(1, 'Idempotency-Key must not be empty')
  .max(255, 'Idempotency-Key must be at most 255 characters')
  .regex(/^[\x21-\x7e]+$/, 'Idempotency-Key must be printable ASCII without spaces');

/**
 * The `multipart/form-data` of POST /api/jobs: one file makes a `single` job, several a
 * `batch`. The server streams the parts to disk (multer) and checks them there; this is the
 * form as clients send it.
 */
export const SubmitJobFormSchema = z.object({
  files: z.array(z.file()).min(1).meta({ description: 'The documents, one part each, all named `files`; the type is sniffed from the bytes.' }),
  callback_url: CallbackUrlSchema.optional().meta({ description: 'Where to POST the job when it finishes (see the `jobFinished` webhook).' }),
}).meta({ id: 'SubmitJobForm' });

/** GET /api/jobs/limits: what the server accepts, so clients can check before uploading. */
export const UploadLimitsSchema = z.object({ max_file_size_bytes: z.number().int(), max_files: z.number().int() }).meta({ id: 'UploadLimits' });
export type UploadLimits = z.infer<typeof UploadLimitsSchema>;
