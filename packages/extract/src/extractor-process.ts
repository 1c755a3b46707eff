import { fork, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ExtractionError } from './extraction-error.ts';
import type { ExtractionTask, ExtractionTaskResult } from './extraction-task.ts';
import { canReadProcMemory, createResidentMemoryReader } from './read-resident-memory.ts';
import type { ExtractorMessage, ExtractorRequest } from './serve-extractions.ts';

export type ExtractorLimits = {
  /** Wall-clock time per document. */
  timeoutMs: number;
  /** Memory per document: the JS heap cap, and how far resident memory may grow above the idle extractor's. */
  maxMemoryMb: number;
};

/** One extractor child process, serving one document at a time. */
export type Extractor = {
  readonly pid: number;
  /**
   * Runs a task in the child. Rejects with ExtractionError when the child had to be killed
   * (`timeout`, `out_of_memory`) or died (`out_of_memory`, `crashed`); the extractor is
   * dead afterwards. Rejects with another error when it was stopped by `stop(reason)`.
   */
  run(task: ExtractionTask): Promise<ExtractionTaskResult>;
  /** Resident memory above what the child held when it became ready, in bytes. */
  memoryGrowth(): number;
  /** Lets the parent exit while this extractor idles (and holds it while it works). */
  hold(held: boolean): void;
  /** Kills the child (and anything it started); a task in flight rejects with `reason`. */
  stop(reason: Error): Promise<void>;
  /** Called once when the child has exited, for whatever reason. */
  onExit(listener: () => void): void;
};

const ENTRY = fileURLToPath(new URL('./extractor-entry.mjs', import.meta.url));
const START_TIMEOUT_MS = 30_000;
/** How often the parent reads a working child's memory: a bomb inflating at ~1 GB/s overshoots by tens of MB at most. */
const WATCH_MS = 25;
const STDERR_TAIL_BYTES = 8 * 1024;
const HEAP_EXHAUSTED = /heap out of memory|Reached heap limit/i;

/**
 * Forks an extractor and resolves once it has loaded the extractors and is ready. Its JS
 * heap is capped with --max-old-space-size; native memory (inflated buffers, pdf.js typed
 * arrays, a pdftotext it runs) is capped by a watchdog here that reads the child's resident
 * memory from /proc every 25 ms while it works and kills it past the limit. The child leads
 * its own process group, so a kill takes its pdftotext along, and Ctrl-C in a terminal
 * reaches only the parent, which decides when extractors stop.
 */
export function startExtractor(limits: ExtractorLimits): Promise<Extractor> {
  const fromProc = canReadProcMemory();
  const child = fork(ENTRY, fromProc ? [] : ['--report-rss'], {
    execArgv: [`--max-old-space-size=${limits.maxMemoryMb}`],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    detached: process.platform !== 'win32',
  });
  let stderrTail = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
  });
  let reportedRss = 0;
  const memory = fromProc && child.pid !== undefined ? createResidentMemoryReader(child.pid) : undefined;
  const residentBytes = () => memory?.read() ?? reportedRss;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      memory?.close();
      resolve();
    }),
  );

  return new Promise((resolve, reject) => {
    const onError = (error: Error) => failStart(error.message);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => failStart(`exited (${signal ?? `code ${code}`})`);
    const failStart = (why: string) => {
      clearTimeout(startTimer);
      kill(child);
      reject(new Error(`the extractor process did not start: ${why}${stderrTail ? `\n${stderrTail.trim()}` : ''}`));
    };
    const startTimer = setTimeout(() => failStart(`not ready after ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    child.once('error', onError).once('exit', onExit);
    child.once('message', (message: ExtractorMessage) => {
      clearTimeout(startTimer);
      child.off('error', onError).off('exit', onExit);
      if (message.kind !== 'ready') return failStart(`unexpected first message "${message.kind}"`);
      reportedRss = message.rss;
      resolve(serve(child, limits, { idleRss: residentBytes(), residentBytes, report: (rss) => (reportedRss = rss), stderrTail: () => stderrTail, exited }));
    });
  });
}

type Pending = { id: number; settle(outcome: { result: ExtractionTaskResult } | { error: Error }): void };

function serve(
  child: ChildProcess,
  limits: ExtractorLimits,
  state: { idleRss: number; residentBytes(): number; report(rss: number): void; stderrTail(): string; exited: Promise<void> },
): Extractor {
  const limitBytes = limits.maxMemoryMb * 1024 * 1024;
  let pending: Pending | undefined;
  let nextId = 0;
  // Why we killed the child, when we did: its exit then means that, not a crash.
  let killedFor: Error | undefined;
  const exitListeners: (() => void)[] = [];

  const killFor = (reason: Error) => {
    killedFor ??= reason;
    kill(child);
  };

  child.on('message', (message: ExtractorMessage) => {
    if (message.kind === 'rss') state.report(message.rss);
    if (message.kind === 'result' && pending?.id === message.id) pending.settle({ result: message.result });
  });
  child.on('error', (error) => killFor(error));
  child.once('exit', (code, signal) => {
    pending?.settle({ error: killedFor ?? crashError(code, signal, state.stderrTail(), limits) });
    for (const listener of exitListeners) listener();
  });

  const hold = (held: boolean) => {
    for (const handle of [child, child.channel, child.stderr as Socket | null]) {
      if (held) handle?.ref();
      else handle?.unref();
    }
  };

  return {
    pid: child.pid!,
    run(task) {
      if (pending) return Promise.reject(new Error('extractor busy: one document at a time'));
      if (child.exitCode !== null || child.signalCode !== null || killedFor) return Promise.reject(new Error('the extractor process has exited'));
      return new Promise((resolve, reject) => {
        const id = ++nextId;
        const timer = setTimeout(
          () => killFor(new ExtractionError('timeout', `processing timed out after ${Math.round(limits.timeoutMs / 100) / 10} s`)),
          limits.timeoutMs,
        );
        const watchdog = setInterval(() => {
          if (state.residentBytes() - state.idleRss > limitBytes) killFor(outOfMemory(limits));
        }, WATCH_MS);
        pending = {
          id,
          settle(outcome) {
            clearTimeout(timer);
            clearInterval(watchdog);
            pending = undefined;
            if ('result' in outcome) resolve(outcome.result);
            else reject(outcome.error);
          },
        };
        child.send({ id, task } satisfies ExtractorRequest);
      });
    },
    memoryGrowth: () => state.residentBytes() - state.idleRss,
    hold,
    async stop(reason) {
      hold(true); // an idle, unreferenced child's exit would not keep the caller waiting for it
      killFor(reason);
      await state.exited;
    },
    onExit(listener) {
      if (child.exitCode !== null || child.signalCode !== null) listener();
      else exitListeners.push(listener);
    },
  };
}

/** SIGKILL to the child's process group (the child and whatever it started), or to the child alone where there are no groups. */
function kill(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill('SIGKILL');
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone between the check and the kill.
  }
}

const outOfMemory = (limits: ExtractorLimits) => new ExtractionError('out_of_memory', `processing ran out of memory (limit ${limits.maxMemoryMb} MB)`);

/** A child that died on its own: V8 aborting at the heap cap says so on stderr; anything else is a crash. */
function crashError(code: number | null, signal: NodeJS.Signals | null, stderrTail: string, limits: ExtractorLimits): ExtractionError {
  if (HEAP_EXHAUSTED.test(stderrTail)) return outOfMemory(limits);
  return new ExtractionError('crashed', `the extractor crashed while reading this document (${signal ?? `exit code ${code}`})`);
}
