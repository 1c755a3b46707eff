import type { UploadLimits } from '@docket/contracts/jobs';
import { formatBytes } from '../../../lib/format.ts';

export type QueuedFile = { file: File; problem: string | null };

/** Checks files against the server's limits before anything is sent; the server checks again. */
export function checkFiles(files: File[], limits: UploadLimits): { queued: QueuedFile[]; problem: string | null } {
  const queued = files.map((file) => ({
    file,
    problem:
      file.size > limits.max_file_size_bytes
        ? `too large: ${formatBytes(file.size)} (limit ${formatBytes(limits.max_file_size_bytes)})`
        : file.size === 0
          ? 'empty file'
          : null,
  }));
  const problem = files.length > limits.max_files ? `Too many files: at most ${limits.max_files} per upload.` : null;
  return { queued, problem };
}

/**
 * Progress of each file inside one multipart upload: the body carries the files in order,
 * so a file is done once the bytes sent pass its end. Multipart headers are small; their
 * share is spread proportionally.
 */
export function perFileProgress(sizes: number[], loaded: number, total: number): number[] {
  const payload = sizes.reduce((sum, size) => sum + size, 0);
  const sent = total > 0 ? (loaded / total) * payload : 0;
  let start = 0;
  return sizes.map((size) => {
    const done = size === 0 ? (sent >= start ? 1 : 0) : Math.min(1, Math.max(0, (sent - start) / size));
    start += size;
    return done;
  });
}
