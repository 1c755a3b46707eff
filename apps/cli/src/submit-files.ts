import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isTerminalJob, type Job } from '@docket/contracts/jobs';
import { CliError, callDocket, type DocketApi } from './docket-api.ts';
import { progressBar } from './progress-bar.ts';

/** Uploads files as one job through POST /api/jobs; the 202 means they are safely stored. */
export async function submitFiles(api: DocketApi, files: string[]): Promise<Job> {
  const form = new FormData();
  for (const file of files) {
    const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      throw new CliError(error.code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${error.message}`);
    });
    form.append('files', new Blob([bytes]), path.basename(file));
  }
  return callDocket<Job>(api, '/api/jobs', { method: 'POST', body: form });
}

/** Polls the job until it is terminal, drawing its documents' progress. */
export async function waitForJob(api: DocketApi, jobId: string, intervalMs = 500): Promise<Job> {
  const bar = progressBar();
  try {
    for (;;) {
      const job = await callDocket<Job>(api, `/api/jobs/${jobId}`);
      bar.update(job.processed_count + job.failed_count, job.total_documents, job.status);
      if (isTerminalJob(job.status)) return job;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  } finally {
    bar.end();
  }
}
