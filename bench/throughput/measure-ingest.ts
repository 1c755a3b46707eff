import { measureRoute, type Measurement } from '../stats/measure-route.ts';
import { startResourceMeter, type ResourceUse } from '../resource-meter.ts';

/** The span of a measurement on the monotonic clock, in microseconds (the unit and clock of a .cpuprofile). */
export type Window = { from: number; to: number };

export const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

export type IngestRun = { saturated: Measurement; cpu: ResourceUse; window: Window };

/**
 * Uploads as fast as the servers at `urls` take them (autocannon's connections spread over
 * them): a warm-up (JIT, pools, caches) at the same load first, then `seconds` measured,
 * with the CPU of the server processes (`pids`, their children included) and of the
 * database's Postgres backends over the same span.
 */
export async function measureSaturatedUploads(options: {
  name: string;
  urls: string[];
  pids: number[];
  token?: string;
  post: { bodyFile: string; contentType: string };
  connections: number;
  seconds: number;
  warmUpSeconds: number;
  /** The database whose backends to measure (none for the bare route). */
  database?: { serverUrl: string; name: string };
}): Promise<IngestRun> {
  const load = { token: options.token, connections: options.connections, post: options.post };
  await measureRoute(`${options.name} (warm-up)`, options.urls, { ...load, seconds: options.warmUpSeconds });
  const meter = await startResourceMeter({ nodePids: options.pids, database: options.database });
  const from = monotonicMicros();
  const saturated = await measureRoute(options.name, options.urls, { ...load, seconds: options.seconds });
  const to = monotonicMicros();
  return { saturated, cpu: await meter.stop(), window: { from, to } };
}
