/** Queue names Docket runs. One queue job per document on EXTRACT_QUEUE. */
export const EXTRACT_QUEUE = 'extract-document';

export type ExtractJobData = { document_id: string; job_id: string };

/** Housekeeping, scheduled hourly: purges expired keys and ids, checks the statistics. */
export const MAINTENANCE_QUEUE = 'maintenance';
export const MAINTENANCE_CRON = '0 * * * *';

/**
 * Completion callbacks: one queue job per terminal transition of a job with a callback_url.
 * `message_id` is the webhook-id every attempt of that transition carries, so a receiver can
 * de-duplicate retries.
 */
export const CALLBACK_QUEUE = 'deliver-callback';

export type CallbackJobData = { job_id: string; message_id: string };

/** Every queue Docket runs, in the order the admin view lists them. */
export const DOCKET_QUEUES = [EXTRACT_QUEUE, CALLBACK_QUEUE, MAINTENANCE_QUEUE] as const;
