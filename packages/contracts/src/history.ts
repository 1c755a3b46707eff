import { z } from 'zod';
import { JobSummarySchema } from './jobs.ts';

const count = z.number().int().nonnegative();

export const HistoryStatsSchema = z.object({
  total_jobs: count,
  total_documents: count,
  /** Documents that succeeded. */
  documents_processed: count,
  documents_failed: count,
  jobs_by_status: z.object({
    queued: count,
    processing: count,
    completed: count,
    failed: count,
    cancelled: count,
  }),
  /** The five newest jobs, newest first. */
  recent_activity: z.array(JobSummarySchema).max(5),
});
export type HistoryStats = z.infer<typeof HistoryStatsSchema>;
