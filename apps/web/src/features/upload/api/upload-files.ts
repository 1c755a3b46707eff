import { JobSchema, type Job } from '@docket/contracts/jobs';
import { organizationHeaders, refreshSession, REFRESH_MARGIN_MS } from '../../../lib/api-client.ts';
import { ApiError } from '../../../lib/api-error.ts';
import { readSession } from '../../../lib/session.ts';

/**
 * POST /api/jobs with XMLHttpRequest rather than fetch: only XHR reports upload progress.
 * The job goes to `organizationId`; `onProgress` gets the bytes of the request body sent so far.
 */
export async function uploadFiles(files: File[], organizationId: string, onProgress: (loaded: number, total: number) => void): Promise<Job> {
  let session = readSession();
  if (session && session.expiresAt - Date.now() < REFRESH_MARGIN_MS) session = await refreshSession();
  const form = new FormData();
  for (const file of files) form.append('files', file, file.name);

  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/jobs');
    if (session) xhr.setRequestHeader('authorization', `Bearer ${session.accessToken}`);
    for (const [name, value] of Object.entries(organizationHeaders(organizationId))) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded, event.total);
    xhr.onerror = () => reject(new ApiError(0, undefined, 'the upload was interrupted; check your connection and try again'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status === 202) resolve(JobSchema.parse(body));
      else reject(new ApiError(xhr.status, body as never, `upload failed with status ${xhr.status}`));
    };
    xhr.send(form);
  });
}
