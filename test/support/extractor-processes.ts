import { readFileSync } from 'node:fs';

/** Pids of the extractor child processes this process runs (Linux: read from /proc). */
export function extractorPids(): number[] {
  return readChildren(process.pid).filter((pid) => readProc(pid, 'cmdline')?.includes('extractor-entry.mjs'));
}

/** Resident memory of a process in MB (0 once it is gone). */
export function residentMb(pid: number): number {
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(readProc(pid, 'status') ?? '')?.[1] ?? 0) / 1024;
}

/**
 * Runs `work` while sampling every extractor child of this process every 5 ms, and reports
 * the largest resident memory any of them reached: the half of the process tree that
 * `watchProcess` (this process's own RSS) does not see.
 */
export async function watchExtractors<T>(work: () => Promise<T>): Promise<{ result: T; peakExtractorMb: number }> {
  let peakExtractorMb = 0;
  const sample = () => {
    for (const pid of extractorPids()) peakExtractorMb = Math.max(peakExtractorMb, residentMb(pid));
  };
  const sampler = setInterval(sample, 5);
  try {
    const result = await work();
    sample();
    return { result, peakExtractorMb };
  } finally {
    clearInterval(sampler);
  }
}

function readChildren(pid: number): number[] {
  return (readProc(pid, `task/${pid}/children`) ?? '').trim().split(/\s+/).filter(Boolean).map(Number);
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'latin1');
  } catch {
    return undefined;
  }
}
