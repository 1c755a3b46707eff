import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';

export type Measurement = { name: string; p50: number; p99: number; rps: number; errors: number };

const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

/**
 * Loads one URL with autocannon in a separate process (the load generator must not share
 * the server's event loop) and returns latency percentiles and throughput. Without a rate
 * the route is saturated (throughput; latency is then mostly queueing); with one, latency
 * is what a client sees at that load.
 */
export function measureRoute(
  name: string,
  url: string,
  options: {
    token?: string;
    seconds: number;
    connections: number;
    /** requests/s in all; as fast as possible if absent */
    rate?: number;
    /** A POST of this file's bytes with this content type (an upload) instead of a GET. */
    post?: { bodyFile: string; contentType: string };
  },
): Promise<Measurement> {
  const args = [AUTOCANNON, '--json', '-c', String(options.connections), '-d', String(options.seconds)];
  if (options.rate) args.push('--overallRate', String(options.rate));
  if (options.token) args.push('-H', `authorization=Bearer ${options.token}`);
  if (options.post) args.push('-m', 'POST', '-i', options.post.bodyFile, '-H', `content-type=${options.post.contentType}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      if (error) return reject(error);
      const result = JSON.parse(stdout) as {
        latency: { p50: number; p99: number };
        requests: { average: number };
        errors: number;
        non2xx: number;
      };
      resolve({ name, p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, errors: result.errors + result.non2xx });
    });
  });
}
