import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { DocumentKind } from '@docket/extract/document-kind';
import { DEFAULT_LIMITS, type Extraction } from '@docket/extract/extraction';
import type { ExtractionTask, ExtractionTaskResult } from '@docket/extract/extraction-task';

/**
 * The baseline: extraction in piscina worker threads, as Docket did before its extractors
 * became child processes (threads cap the JS heap only). Same task, same limits; errors are
 * not mapped, the benchmark extracts good documents only.
 */
export function createThreadPoolBaseline(options: { threads: number; timeoutMs: number; maxMemoryMb: number }) {
  const pool = new Piscina<ExtractionTask, ExtractionTaskResult>({
    filename: fileURLToPath(new URL('./extraction-thread.mjs', import.meta.url)),
    minThreads: 1,
    maxThreads: options.threads,
    idleTimeout: 60_000,
    resourceLimits: { maxOldGenerationSizeMb: options.maxMemoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, options.maxMemoryMb / 8)) },
  });
  return {
    async extract({ path, kind }: { path: string; kind: DocumentKind }): Promise<Extraction> {
      const result = await pool.run({ path, kind, limits: DEFAULT_LIMITS, timeoutMs: options.timeoutMs }, { signal: AbortSignal.timeout(options.timeoutMs) });
      if (!result.ok) throw new Error(result.message);
      return result.extraction;
    },
    close: () => pool.destroy(),
  };
}
