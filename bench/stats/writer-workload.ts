import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { claimDocument, recordDocumentOutcome } from '@docket/jobs/document-attempts';
import { submitJob, type SubmitJobDeps } from '@docket/jobs/submit-job';

/** What a writer run did: jobs taken through submit, claim and outcome, over how long. */
export type WriterResult = { jobs: number; seconds: number };

/**
 * Writers for the "while workers keep writing" runs: `loops` loops that each submit a
 * one-document job for the user and take it through claim and outcome — every step updating
 * the same user's counters and rollups. With `rate` (jobs/s in all) the jobs start on a
 * steady schedule, as a worker fleet that keeps up with its queue does; without it, as fast
 * as the database allows. A loop that falls behind the schedule starts at once (it never
 * bursts to catch up), so the achieved rate can only fall short of `rate`, never exceed it.
 */
export function startWriters(deps: SubmitJobDeps, owner: { userId: string; organizationId: string }, tempDir: string, options: { loops: number; rate?: number }) {
  let running = true;
  let completed = 0;
  const started = performance.now();
  let due = started;
  const paced = async () => {
    if (!options.rate) return;
    const at = Math.max(due, performance.now());
    due = at + 1000 / options.rate;
    await sleep(at - performance.now());
  };
  const loop = async () => {
    while (running) {
      await paced();
      if (!running) break;
      const tempPath = path.join(tempDir, `w-${randomUUID()}`);
      await writeFile(tempPath, 'writer workload document');
      const { job } = await submitJob(deps, { ...owner, jobType: 'single', files: [{ tempPath, filename: 'w.txt', mimeType: 'text/plain', sizeBytes: 24, sha256: 'w' }] });
      const document = job.documents[0]!;
      const claim = await claimDocument(deps, { jobId: job.id, documentId: document.id, maxAttempts: 3 });
      if (claim.kind === 'process') {
        await recordDocumentOutcome(deps, {
          jobId: job.id,
          documentId: document.id,
          attempt: claim.attempt,
          outcome: { status: 'succeeded', textBlobKey: 'w', pageCount: 1, wordCount: 3, language: 'und', metadata: {}, processingMs: 1 },
        });
      }
      completed++;
    }
  };
  const all = Array.from({ length: options.loops }, loop);
  return {
    async stop(): Promise<WriterResult> {
      running = false;
      await Promise.all(all);
      return { jobs: completed, seconds: (performance.now() - started) / 1000 };
    },
  };
}

export type WriterSettings = { databaseUrl: string; dataDir: string; owner: { userId: string; organizationId: string }; loops: number; rate?: number };

const WRITER_PROCESS = new URL('./writer-process.ts', import.meta.url).pathname;

/**
 * startWriters in a process of its own (writer-process.ts), so the writers' work competes
 * with the API for the CPU and the database, as workers do, but not for its event loop.
 * Resolves once the writers run; `stop()` ends them and says what they did.
 */
export async function startWriterProcess(settings: WriterSettings): Promise<{ stop(): Promise<WriterResult> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER_PROCESS, JSON.stringify(settings)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.startsWith('started\n')) resolve();
    });
    void exited.then((code) => reject(new Error(`the writer process exited with ${code} before writing`)));
  });
  return {
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) throw new Error(`the writer process exited with ${code}`);
      return JSON.parse(output.slice('started\n'.length)) as WriterResult;
    },
  };
}
