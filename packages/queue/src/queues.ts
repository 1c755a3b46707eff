/** Queue names Docket runs. One queue job per document on EXTRACT_QUEUE. */
export const EXTRACT_QUEUE = 'extract-document';

export type ExtractJobData = { document_id: string; job_id: string };
