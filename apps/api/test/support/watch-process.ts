import { monitorEventLoopDelay } from 'node:perf_hooks';

export type ProcessCost<T> = {
  result: T;
  /** The longest the event loop was blocked while `work` ran. */
  maxEventLoopDelayMs: number;
  /** Peak resident memory while `work` ran, above what the process held when it began. */
  rssGrowthBytes: number;
};

/**
 * Runs `work` against a Docket started in this process (startTestDocket) and reports what it
 * cost the process: the longest event-loop stall and the peak RSS growth. The abuse tests
 * hold every hostile request to "no stall over 100 ms, no growth over 100 MB".
 * Keep the client side of `work` streaming, or its own buffers count against the server.
 */
export async function watchProcess<T>(work: () => Promise<T>): Promise<ProcessCost<T>> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const startRss = process.memoryUsage.rss();
  let peakRss = startRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 10);
  delay.enable();
  try {
    const result = await work();
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    return { result, maxEventLoopDelayMs: delay.max / 1e6, rssGrowthBytes: peakRss - startRss };
  } finally {
    delay.disable();
    clearInterval(sampler);
  }
}
