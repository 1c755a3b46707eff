import { isUuid } from '@docket/contracts/common';

/**
 * Where a job's blobs live in the blob store. One module, so that the writers (submit, the
 * worker) and the sweep of orphaned blobs agree on the layout: `<kind>/<job id>/<name>`.
 */
export const documentBlobKey = (jobId: string, position: number): string => `documents/${jobId}/${position}`;

export const textBlobKey = (jobId: string, position: number): string => `text/${jobId}/${position}.txt`;

const LAYOUT = /^(?:documents|text)\/([^/]+)\/[^/]+$/;

/** The job a blob key belongs to; null for a key outside this layout (the sweep leaves those alone). */
export function jobIdOfBlobKey(key: string): string | null {
  const jobId = LAYOUT.exec(key)?.[1];
  return jobId && isUuid(jobId) ? jobId.toLowerCase() : null;
}
