import { execFile } from 'node:child_process';

export type Measurement = { name: string; p50: number; p99: number; rps: number; errors: number; /** 2xx answers */ succeeded: number };

const AUTOCANNON_PROCESS = new URL('./autocannon-process.ts', import.meta.url).pathname;

/**
 * Loads one URL (or several: the connections are spread over them, one latency histogram)
 * with autocannon in a separate process (the load generator must not share the server's
 * event loop) and returns latency percentiles and throughput. Without a rate the route is
 * saturated (throughput; latency is then mostly queueing); with one, latency is what a
 * client sees at that load. With `amount`, exactly that many requests are sent, however long
 * they take.
 */
export function measureRoute(
  name: string,
  url: string | string[],
  options: {
    token?: string;
    seconds?: number;
    /** Send this many requests, then stop (instead of `seconds`). */
    amount?: number;
    connections: number;
    /** requests/s in all; as fast as possible if absent */
    rate?: number;
    /** A POST of this file's bytes with this content type (an upload) instead of a GET. */
    post?: { bodyFile: string; contentType: string };
  },
): Promise<Measurement> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.post) headers['content-type'] = options.post.contentType;
  const run = {
    urls: Array.isArray(url) ? url : [url],
    connections: options.connections,
    duration: options.seconds,
    amount: options.amount,
    overallRate: options.rate,
    headers,
    method: options.post ? 'POST' : 'GET',
    bodyFile: options.post?.bodyFile,
  };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', AUTOCANNON_PROCESS, JSON.stringify(run)], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      if (error) return reject(error);
      const result = JSON.parse(stdout) as {
        latency: { p50: number; p99: number };
        requests: { average: number };
        errors: number;
        non2xx: number;
        '2xx': number;
      };
      resolve({ name, p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, errors: result.errors + result.non2xx, succeeded: result['2xx'] });
    });
  });
}
