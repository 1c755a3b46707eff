import { closeSync, openSync, readSync } from 'node:fs';

/** Whether this system exposes per-process memory in /proc (Linux). */
export const canReadProcMemory = (): boolean => {
  const reader = createResidentMemoryReader(process.pid);
  try {
    return reader.read() !== null;
  } finally {
    reader.close();
  }
};

export type ResidentMemoryReader = {
  /** Resident bytes of the process and of every live process it started; null once the process is gone. */
  read(): number | null;
  /** Closes the /proc files held open. */
  close(): void;
};

/** The /proc files of one process, held open: a read of an open one is a single pread. */
type ProcFiles = { status: number; children: number };

/**
 * Resident memory of a process and of every process it started (an extractor and its
 * pdftotext), in bytes, from /proc: the kernel's count, native buffers included, read
 * without the process's cooperation — so it works while the process is busy in a
 * synchronous call.
 *
 * Synchronous reads: microseconds, and asynchronous reads would queue behind the file I/O
 * of the libuv thread pool exactly when a watchdog matters. The watchdog reads a working
 * extractor every 25 ms, so each process's files stay open between reads: a pread of an open
 * /proc file makes the kernel write it afresh and costs ~10× less than opening, reading and
 * closing it again (measured: status 13 µs against ~40 µs). Files of processes that left the
 * tree are closed at the next read.
 */
export function createResidentMemoryReader(pid: number): ResidentMemoryReader {
  const open = new Map<number, ProcFiles>();
  const buffer = Buffer.allocUnsafe(4096); // /proc/<pid>/status is ~1.5 KB

  const forget = (id: number) => {
    const files = open.get(id);
    if (!files) return;
    open.delete(id);
    closeSync(files.status);
    closeSync(files.children);
  };

  /** The file's current text; null when the process is gone (its files then fail to read). */
  const readText = (fd: number): string | null => {
    try {
      return buffer.toString('latin1', 0, readSync(fd, buffer, 0, buffer.length, 0));
    } catch {
      return null;
    }
  };

  /** Reads a process's files, opening them the first time; a number reused by a new process gets fresh files. */
  const readProcess = (id: number): { rss: number; children: string } | null => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const files = open.get(id) ?? openFiles(id);
      if (!files) return null;
      open.set(id, files);
      const kilobytes = /^VmRSS:\s+(\d+) kB/m.exec(readText(files.status) ?? '')?.[1];
      const children = kilobytes === undefined ? null : readText(files.children);
      if (kilobytes !== undefined && children !== null) return { rss: Number(kilobytes) * 1024, children };
      forget(id); // gone, or a zombie (no VmRSS): the number may already be another process's
    }
    return null;
  };

  const readTree = (id: number, seen: Set<number>): number | null => {
    const own = readProcess(id);
    if (own === null) return null;
    seen.add(id);
    let total = own.rss;
    for (const child of own.children.trim().split(/\s+/).filter(Boolean).map(Number)) total += readTree(child, seen) ?? 0;
    return total;
  };

  return {
    read() {
      const seen = new Set<number>();
      const total = readTree(pid, seen);
      for (const id of open.keys()) if (!seen.has(id)) forget(id);
      return total;
    },
    close() {
      for (const id of [...open.keys()]) forget(id);
    },
  };
}

/** Its status and its main thread's children (where Node starts child processes); null if it is gone or /proc is not there. */
function openFiles(pid: number): ProcFiles | null {
  let status: number | undefined;
  try {
    status = openSync(`/proc/${pid}/status`, 'r');
    return { status, children: openSync(`/proc/${pid}/task/${pid}/children`, 'r') };
  } catch {
    if (status !== undefined) closeSync(status);
    return null;
  }
}
