// `node --import tsx bench/throughput/measure-rate-limiter.ts [--seconds 5] [--concurrency 20]`:
// the upload limiter alone, as `pnpm bench:throughput`'s ingest drives it (one user, 20
// uploads in flight), without the rest of the upload: requests counted per second and their
// latency, one store upsert per request (rate-limiter-flexible's consume, as before issue 16)
// against the API's limiters (one upsert per batch of a key's concurrent requests), with one
// and with two limiter instances (two API processes) on one database. Prints a Markdown table.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { databaseUrlFor } from '@docket/db/database-url';
import { createRateLimiters, LIMITERS, type LimiterName, type RateLimitSettings } from '../../apps/api/src/http/rate-limiters.ts';
import { adminQuery } from '../server-admin.ts';

// The library is the API's dependency, not the bench's: loaded from there, the same copy the API runs.
const { RateLimiterPostgres, RateLimiterRes } = createRequire(new URL('../../apps/api/package.json', import.meta.url))('rate-limiter-flexible') as {
  RateLimiterPostgres: new (options: Record<string, unknown>) => { consume(key: string): Promise<unknown> };
  RateLimiterRes: new () => object;
};

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '20' },
    server: { type: 'string', default: process.env.BENCH_DATABASE_SERVER ?? 'postgresql://postgres@127.0.0.1:5432/postgres' },
  },
});
const seconds = Number(flags.seconds);
const concurrency = Number(flags.concurrency);
// Never refuses, as in bench:throughput (RATE_LIMIT_UPLOADS=100000000/1m): the cost of counting, not of refusing.
const LIMIT = { points: 100_000_000, windowSeconds: 60 };

type Consume = (key: string) => Promise<unknown>;

/** The limiter as it was: one upsert per request. */
function perRequest(pool: pg.Pool): Consume {
  const store = new RateLimiterPostgres({ storeClient: pool, storeType: 'pool', tableName: 'rate_limits', tableCreated: true, keyPrefix: 'uploads', points: LIMIT.points, duration: LIMIT.windowSeconds, inMemoryBlockOnConsumed: LIMIT.points + 1 });
  return (key) => store.consume(key).catch((rejection: unknown) => (rejection instanceof RateLimiterRes ? rejection : Promise.reject(rejection)));
}

/** The API's limiters now. */
function batched(pool: pg.Pool): Consume {
  const settings = Object.fromEntries((Object.keys(LIMITERS) as LimiterName[]).map((name) => [name, LIMIT])) as RateLimitSettings;
  const limiters = createRateLimiters(pool, settings);
  return (key) => limiters.uploads.consume(key);
}

/** `concurrency` loops over the processes' limiters, each counting one request after another for `seconds`. */
async function drive(processes: Consume[], key: string): Promise<{ perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, loop) => {
      const consume = processes[loop % processes.length]!;
      while (performance.now() < end) {
        const started = performance.now();
        await consume(key);
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (share: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * share))]! * 10) / 10;
  return { perSecond: Math.round(latencies.length / seconds), p50: at(0.5), p99: at(0.99) };
}

async function main() {
  const name = `docket_bench_limiter_${Date.now()}`;
  await adminQuery(flags.server!, `CREATE DATABASE ${name}`);
  // The API's pool size (DATABASE_POOL_SIZE's default), one pool per process.
  const pools = [0, 1].map(() => new pg.Pool({ connectionString: databaseUrlFor(flags.server!, name), max: 10 }));
  try {
    await pools[0]!.query(await readFile(new URL('../../prisma/migrations/20261126120000_rate_limits/migration.sql', import.meta.url), 'utf8'));
    const rows: string[] = [];
    for (const [what, make] of [['one upsert per request (before)', perRequest], ['one upsert per batch of a key (after)', batched]] as const) {
      for (const count of [1, 2]) {
        const run = await drive(pools.slice(0, count).map(make), `${what}:${count}`);
        rows.push(`| ${what} | ${count} | ${run.perSecond.toLocaleString('en')} | ${run.p50} / ${run.p99} |`);
        process.stderr.write(`${rows.at(-1)}\n`);
      }
    }
    console.log(['| limiter | processes | requests/s | p50 / p99 (ms) |', '|---|---|---|---|', ...rows].join('\n'));
  } finally {
    await Promise.all(pools.map((pool) => pool.end()));
    await adminQuery(flags.server!, `DROP DATABASE ${name}`);
  }
}

await main();
