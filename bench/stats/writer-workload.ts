import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { claimDocument, recordDocumentOutcome } from '@docket/jobs/document-attempts';
import { submitJob, type SubmitJobDeps } from '@docket/jobs/submit-job';

/**
 * Writers for the "while workers keep writing" runs: `loops` loops that each submit a
 * one-document job for the user and take it through claim and outcome, as fast as the
 * database allows — every step updating the same user's counters and rollups.
 */
export function startWriters(deps: SubmitJobDeps, owner: { userId: string; organizationId: string }, tempDir: string, loops: number) {
  let running = true;
  let completed = 0;
  const loop = async () => {
    while (running) {
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
  const all = Array.from({ length: loops }, loop);
  return {
    async stop(): Promise<number> {
      running = false;
      await Promise.all(all);
      return completed;
    },
  };
}
