/** Queue names Docket runs. One queue job per document on EXTRACT_QUEUE. */
export const EXTRACT_QUEUE = 'extract-document';

export type ExtractJobData = { document_id: string; job_id: string };

/** Housekeeping, scheduled hourly: purges expired keys and ids, checks the statistics. */
export const MAINTENANCE_QUEUE = 'maintenance';
export const MAINTENANCE_CRON = '0 * * * *';

/** Every queue Docket runs, in the order the admin view lists them. */
export const DOCKET_QUEUES = [EXTRACT_QUEUE, MAINTENANCE_QUEUE] as const;
