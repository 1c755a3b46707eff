import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { DocumentKind } from './document-kind.ts';
import { ExtractionError } from './extraction-error.ts';
import { DEFAULT_LIMITS, type Extraction, type ExtractionLimits } from './extraction.ts';
import type { ExtractionTask, ExtractionTaskResult } from './extraction-task.ts';

export type ExtractionPoolOptions = { threads: number; timeoutMs: number; maxMemoryMb: number; limits?: ExtractionLimits };

export type ExtractionPool = {
  /** Extracts the file at `path` in a worker thread. Rejects with ExtractionError for bad documents. */
  extract(input: { path: string; kind: DocumentKind }): Promise<Extraction>;
  close(): Promise<void>;
};

/**
 * Worker threads with a heap limit and a wall-clock timeout per document: a hostile file
 * (a parser loop, a decompression bomb) costs one thread, which is terminated, and fails
 * that one document with a readable reason; the process and the other documents go on.
 */
export function createExtractionPool(options: ExtractionPoolOptions): ExtractionPool {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const pool = new Piscina<ExtractionTask, ExtractionTaskResult>({
    filename: fileURLToPath(new URL('./extraction-thread.mjs', import.meta.url)),
    minThreads: 1,
    maxThreads: options.threads,
    idleTimeout: 60_000,
    resourceLimits: { maxOldGenerationSizeMb: options.maxMemoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, options.maxMemoryMb / 8)) },
  });

  return {
    async extract({ path, kind }) {
      let result: ExtractionTaskResult;
      try {
        result = await pool.run({ path, kind, limits, timeoutMs: options.timeoutMs }, { signal: AbortSignal.timeout(options.timeoutMs) });
      } catch (error) {
        throw threadError(error, options);
      }
      if (!result.ok) throw new ExtractionError(result.code, result.message);
      return result.extraction;
    },
    close: () => pool.destroy(),
  };
}

function threadError(error: unknown, options: ExtractionPoolOptions): unknown {
  const { name, code } = error as { name?: string; code?: string };
  if (name === 'AbortError' || name === 'TimeoutError') {
    return new ExtractionError('timeout', `processing timed out after ${Math.round(options.timeoutMs / 100) / 10} s`);
  }
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new ExtractionError('out_of_memory', `processing ran out of memory (limit ${options.maxMemoryMb} MB)`);
  }
  // Anything else (the pool shutting down, a thread that could not start) is not the
  // document's fault: pass it on so the queue retries the delivery.
  return error;
}
