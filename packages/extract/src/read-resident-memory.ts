import { readFileSync } from 'node:fs';

/** Whether this system exposes per-process memory in /proc (Linux). */
export const canReadProcMemory = (): boolean => readVmRss(process.pid) !== null;

/**
 * Resident memory of a process and of every process it started (an extractor and its
 * pdftotext), in bytes, from /proc: the kernel's count, native buffers included, read
 * without the process's cooperation — so it works while the process is busy in a
 * synchronous call. Null when the process is gone or /proc is not there.
 *
 * Reads a few small procfs files synchronously: microseconds, and asynchronous reads would
 * queue behind the file I/O of the libuv thread pool exactly when a watchdog matters.
 */
export function readResidentMemory(pid: number): number | null {
  const own = readVmRss(pid);
  if (own === null) return null;
  let total = own;
  for (const child of readChildren(pid)) total += readResidentMemory(child) ?? 0;
  return total;
}

function readVmRss(pid: number): number | null {
  try {
    const kilobytes = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1];
    return kilobytes === undefined ? null : Number(kilobytes) * 1024;
  } catch {
    return null;
  }
}

/** Children forked by the process's main thread (where Node starts child processes). */
function readChildren(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'latin1').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
