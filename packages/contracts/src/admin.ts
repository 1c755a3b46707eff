import { z } from 'zod';
import { TimestampSchema } from './common.ts';

const count = z.number().int().nonnegative();

/**
 * GET /api/admin/stats. `by_status` speaks the vocabulary of async-job monitoring scripts
 * (`running` = processing, `succeeded` = completed); documents keep Docket's own.
 */
export const AdminStatsSchema = z.object({
  total_jobs: count,
  by_status: z.object({ queued: count, running: count, succeeded: count, failed: count, cancelled: count }),
  total_documents: count,
  documents_by_status: z.object({ queued: count, processing: count, succeeded: count, failed: count, cancelled: count }),
  total_users: count,
  generated_at: TimestampSchema,
});
export type AdminStats = z.infer<typeof AdminStatsSchema>;
