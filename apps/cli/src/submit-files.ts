import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DocketClient, Job, Upload } from '@docket/client';
import { CliError, callDocket } from './docket-api.ts';
import { progressBar } from './progress-bar.ts';

/** Uploads files as one job through POST /api/jobs; the 202 means they are safely stored. */
export async function submitFiles(client: DocketClient, files: string[]): Promise<Job> {
  const uploads: Upload[] = [];
  for (const file of files) {
    const content = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      throw new CliError(error.code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${error.message}`);
    });
    uploads.push({ name: path.basename(file), content });
  }
  return callDocket(() => client.submit(uploads));
}

/** Polls the job until it is terminal, drawing its documents' progress. */
export async function waitForJob(client: DocketClient, jobId: string, intervalMs = 500): Promise<Job> {
  const bar = progressBar();
  try {
    return await callDocket(() => client.waitForJob(jobId, { intervalMs, onUpdate: (job) => bar.update(job.processed_count + job.failed_count, job.total_documents, job.status) }));
  } finally {
    bar.end();
  }
}
