import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive } from './process-alive.ts';

/**
 * Claims `<dir>/docket.pid` for this process. One Docket owns a DATA_DIR — its database
 * server, blobs and temp files — so a second one on the same directory stops here with a
 * readable message (PostgreSQL's own postmaster.pid would only stop the server, after the
 * second Docket had begun using the rest). A lock left by a process that no longer runs is
 * taken over.
 * @returns release()
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const file = path.join(dir, 'docket.pid');
  for (;;) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (holder && holder !== process.pid && isProcessAlive(holder)) {
      throw new Error(`${dir} is in use by another Docket process (pid ${holder}); stop it or set DATA_DIR to another directory`);
    }
    await rm(file, { force: true }); // stale: its process is gone
  }
}
