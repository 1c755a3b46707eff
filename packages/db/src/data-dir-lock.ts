import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Claims `<dir>/docket.pid` for this process. PGlite keeps no lock of its own, and two
 * processes opening the same data directory would corrupt it, so a second Docket on the
 * same DATA_DIR must stop here. A lock left by a process that no longer runs is taken over.
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
    if (holder && holder !== process.pid && isRunning(holder)) {
      throw new Error(`${dir} is in use by another Docket process (pid ${holder}); stop it or set DATA_DIR to another directory`);
    }
    await rm(file, { force: true }); // stale: its process is gone
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
