/**
 * Where a job's blobs live in the blob store. One module, so that the writers (submit, the
 * worker) and the sweep of orphaned blobs agree on the layout: `<kind>/<job id>/<name>`.
 */
export const documentBlobKey = (jobId: string, position: number): string => `documents/${jobId}/${position}`;

export const textBlobKey = (jobId: string, position: number): string => `text/${jobId}/${position}.txt`;

const LAYOUT = /^(?:documents|text)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/[^/]+$/;

/** The job a blob key belongs to; null for a key outside this layout (the sweep leaves those alone). */
export function jobIdOfBlobKey(key: string): string | null {
  return LAYOUT.exec(key)?.[1] ?? null;
}
