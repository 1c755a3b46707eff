import type { DocumentKind } from './document-kind.ts';
import { ExtractionError } from './extraction-error.ts';
import { DEFAULT_LIMITS, type Extraction, type ExtractionLimits } from './extraction.ts';
import { startExtractor, type Extractor } from './extractor-process.ts';

export type ExtractionPoolOptions = {
  /** Extractor processes at most (documents extracted at once). */
  processes: number;
  timeoutMs: number;
  /** Per document: heap cap and resident-memory growth allowed above an idle extractor. */
  maxMemoryMb: number;
  limits?: ExtractionLimits;
};

export type ExtractionPool = {
  /** Extracts the file at `path` in an extractor process. Rejects with ExtractionError for bad documents. */
  extract(input: { path: string; kind: DocumentKind }): Promise<Extraction>;
  close(): Promise<void>;
};

/** An extractor idle this long exits, giving its memory back; the next document starts another. */
const IDLE_MS = 5 * 60_000;

/**
 * Extraction in a small pool of child processes, each with a heap cap, a resident-memory
 * watchdog (native buffers included) and a wall-clock timeout per document: a hostile file
 * (a parser loop, a decompression bomb) costs one extractor, which is killed, and fails
 * that one document with a readable reason (`timeout`, `out_of_memory`, `crashed`); the
 * calling process and the other documents go on, and the next document gets a fresh
 * extractor. Extractors start on first use (a pool that is never used costs nothing) and
 * serve document after document; one whose memory stays high after a document is retired.
 */
export function createExtractionPool(options: ExtractionPoolOptions): ExtractionPool {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const extractorLimits = { timeoutMs: options.timeoutMs, maxMemoryMb: options.maxMemoryMb };
  const live = new Set<Extractor>();
  const idle: { extractor: Extractor; timer: NodeJS.Timeout }[] = [];
  const waiting: { resolve(extractor: Extractor): void; reject(error: unknown): void }[] = [];
  let starting = 0;
  let closed = false;

  async function start(): Promise<Extractor> {
    starting++;
    try {
      const extractor = await startExtractor(extractorLimits);
      live.add(extractor);
      extractor.onExit(() => {
        live.delete(extractor);
        const parked = idle.findIndex((entry) => entry.extractor === extractor);
        if (parked >= 0) clearTimeout(idle.splice(parked, 1)[0]!.timer);
      });
      if (closed) {
        await extractor.stop(poolClosed());
        throw poolClosed();
      }
      return extractor;
    } finally {
      starting--;
    }
  }

  function acquire(): Promise<Extractor> {
    if (closed) return Promise.reject(poolClosed());
    const parked = idle.pop();
    if (parked) {
      clearTimeout(parked.timer);
      return Promise.resolve(parked.extractor);
    }
    if (live.size + starting < options.processes) return start();
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  }

  /** Hands a healthy extractor to the next document, or parks it; replaces one that is gone. */
  function release(extractor: Extractor, reusable: boolean): void {
    if (!reusable || closed || !live.has(extractor)) {
      void extractor.stop(new Error('extractor retired'));
      live.delete(extractor);
      const next = waiting.shift();
      if (next) start().then(next.resolve, next.reject);
      return;
    }
    const next = waiting.shift();
    if (next) return next.resolve(extractor);
    extractor.hold(false);
    const timer = setTimeout(() => {
      idle.splice(idle.findIndex((entry) => entry.extractor === extractor), 1);
      void extractor.stop(new Error('extractor idle'));
    }, IDLE_MS);
    timer.unref();
    idle.push({ extractor, timer });
  }

  return {
    async extract({ path, kind }) {
      const extractor = await acquire();
      extractor.hold(true);
      let reusable = false;
      try {
        const result = await extractor.run({ path, kind, limits, timeoutMs: options.timeoutMs });
        // Memory a big document leaves behind (allocator fragmentation) would shrink the next one's budget.
        reusable = extractor.memoryGrowth() < (options.maxMemoryMb * 1024 * 1024) / 2;
        if (!result.ok) throw new ExtractionError(result.code, result.message);
        return result.extraction;
      } finally {
        release(extractor, reusable);
      }
    },
    async close() {
      closed = true;
      for (const waiter of waiting.splice(0)) waiter.reject(poolClosed());
      for (const { timer } of idle.splice(0)) clearTimeout(timer);
      // A document in flight rejects with a plain error: not the document's fault, so the queue delivers it again.
      await Promise.all([...live].map((extractor) => extractor.stop(poolClosed())));
    },
  };
}

const poolClosed = () => new Error('the extraction pool is closed');
