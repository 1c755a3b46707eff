import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** Old enough that no request still writes or reads it: uploads are moved into the blob store within seconds of arriving. */
export const TEMP_FILE_MAX_AGE_MS = 60 * 60_000;

/**
 * Removes the files a crashed process left in the temp directory (DATA_DIR/tmp: uploads
 * and webhook bodies on their way into the blob store). Only files not modified for
 * `maxAgeMs` go: in server mode several API processes share DATA_DIR, and a neighbour's
 * upload in progress is being written to (so it is recent) and is moved away seconds after.
 * Subdirectories are swept too; a missing directory is nothing to sweep.
 */
export async function sweepTempFiles(
  dir: string,
  options: { now: Date; maxAgeMs?: number; logger?: { info(details: object, message: string): void } },
): Promise<{ removed: number; bytes: number }> {
  const cutoff = options.now.getTime() - (options.maxAgeMs ?? TEMP_FILE_MAX_AGE_MS);
  const swept = { removed: 0, bytes: 0 };
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return swept;
    throw error;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const stats = await stat(file).catch(() => null); // gone already: its owner finished with it
    if (!stats || stats.mtimeMs >= cutoff) continue;
    await rm(file, { force: true });
    swept.removed++;
    swept.bytes += stats.size;
  }
  if (swept.removed > 0) options.logger?.info({ dir, ...swept }, 'removed temp files left by a crashed process');
  return swept;
}
