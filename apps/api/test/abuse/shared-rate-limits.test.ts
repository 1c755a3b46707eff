import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDatabase, type Database } from '@docket/db/create-prisma';
import { createTestDatabase } from '@docket/db/test-support/test-database';
import { createRateLimiters, LIMITERS, type LimiterName, type RateLimiters, type RateLimitSettings } from '../../src/http/rate-limiters.ts';

// Two API processes' limiters on one database: each its own pool and memory, as two
// processes behind a load balancer have. rate-limits.test.ts covers the HTTP answers.
const QUOTA = 50;
const settings = Object.fromEntries((Object.keys(LIMITERS) as LimiterName[]).map((name) => [name, { points: QUOTA, windowSeconds: 60 }])) as RateLimitSettings;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let pools: Database[];
let processes: RateLimiters[];
beforeAll(async () => {
  database = await createTestDatabase();
  pools = [0, 1].map(() => createDatabase({ databaseUrl: database.databaseUrl, maxConnections: 10 }));
  processes = pools.map(({ sql }) => createRateLimiters(sql, settings));
});
afterAll(async () => {
  for (const { db, sql } of pools ?? []) await Promise.all([db.$disconnect(), sql.end()]);
  await database?.drop();
});

it('allows exactly the quota to concurrent requests of one key spread over several processes', async () => {
  const outcomes = await Promise.all(Array.from({ length: 4 * QUOTA }, (_, i) => processes[i % 2]!.uploads.consume('user:a')));
  expect(outcomes.filter((outcome) => outcome.allowed)).toHaveLength(QUOTA);
  // Each allowed request was told a different remaining count: none was counted twice or skipped.
  const remaining = outcomes.filter((outcome) => outcome.allowed).map((outcome) => outcome.remaining);
  expect(new Set(remaining).size).toBe(QUOTA);
  expect(Math.min(...remaining)).toBe(0);
  for (const refused of outcomes.filter((outcome) => !outcome.allowed)) {
    expect(refused.remaining).toBe(0);
    expect(refused.resetSeconds).toBeGreaterThan(0);
  }
  // The other process refuses too, and other keys are untouched.
  expect((await processes[1]!.uploads.consume('user:a')).allowed).toBe(false);
  expect(await processes[0]!.uploads.consume('user:b')).toMatchObject({ allowed: true, remaining: QUOTA - 1 });
});

it('counts waves of concurrent requests in order, each request once', async () => {
  const byProcess: boolean[][] = [[], []];
  for (let wave = 0; wave < 6; wave++) {
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => processes[i % 2]!.uploads.consume('user:c')));
    outcomes.forEach((outcome, i) => byProcess[i % 2]!.push(outcome.allowed));
  }
  expect(byProcess.flat().filter(Boolean)).toHaveLength(QUOTA);
  // Within each process, in order of arrival: allowed first, refused after, never an allowed one after a refusal.
  for (const allowed of byProcess) {
    const firstRefusal = allowed.indexOf(false);
    if (firstRefusal >= 0) expect(allowed.slice(firstRefusal)).not.toContain(true);
  }
});
