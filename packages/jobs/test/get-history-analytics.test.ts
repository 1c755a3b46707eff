import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { HistoryAnalyticsSchema, type HistoryAnalytics, type HistoryAnalyticsQuery } from '@docket/contracts/history';
import { rollupDifferences } from '../../../test/support/recount.ts';
import type { SqlPool } from '@docket/db/create-prisma';
import { AnalyticsCache } from '../src/analytics-cache.ts';
import { cancelJob } from '../src/cancel-job.ts';
import { compactRollupSlots } from '../src/compact-rollups.ts';
import { getHistoryAnalytics } from '../src/get-history-analytics.ts';
import { claimDocument, recordDocumentOutcome } from '../src/document-attempts.ts';
import { reconcileStatistics } from '../src/reconcile-statistics.ts';
import { batchedStatDeltaCtes, withCtes } from '../src/stat-deltas.ts';
import { Prisma } from '@docket/db/generated/prisma/client';
import { openDomainFixture, type DomainFixture } from './support/domain-fixture.ts';

// Jobs placed at known times through the domain functions (so counters and rollups are
// maintained exactly as in production), then analytics compared with what the rows say.
const T = Date.parse('2026-03-10T00:00:00.000Z');
const at = (hours: number) => new Date(T + hours * 3600_000);

let fixture: DomainFixture;
let userId: string;

/** One job at `created`, each document processed `seconds` later with the given outcome. */
async function job(created: Date, outcomes: Array<'succeeded' | 'failed'>, pages = 2, seconds = 10, owner = userId) {
  const { job } = await fixture.submit(owner, outcomes.length, created);
  const done = new Date(created.getTime() + seconds * 1000);
  for (const [i, document] of job.documents.entries()) {
    const claim = await claimDocument({ ...fixture.deps, clock: () => created }, { jobId: job.id, documentId: document.id, maxAttempts: 3 });
    if (claim.kind !== 'process') throw new Error('expected a claim');
    const outcome =
      outcomes[i] === 'succeeded'
        ? { status: 'succeeded' as const, textBlobKey: 't', pageCount: pages, wordCount: 5, language: 'eng', metadata: {}, processingMs: 5 }
        : { status: 'failed' as const, error: `broken ${i}`, processingMs: 5 };
    await recordDocumentOutcome({ ...fixture.deps, clock: () => done }, { jobId: job.id, documentId: document.id, attempt: claim.attempt, outcome });
  }
  return job.id;
}

const analytics = (query: Partial<HistoryAnalyticsQuery> & Pick<HistoryAnalyticsQuery, 'from' | 'to'>, owner = userId) =>
  getHistoryAnalytics(fixture.sql, { kind: 'user', id: owner }, { granularity: 'hourly', scope: 'user', ...query }).then((result) => HistoryAnalyticsSchema.parse(result));

let failedIds: string[];
beforeAll(async () => {
  fixture = await openDomainFixture();
  userId = await fixture.createUser();
  await job(at(-1), ['succeeded']); // before the range
  await job(at(1), ['succeeded'], 3, 10); // completed, 10 s
  await job(at(1.5), ['succeeded', 'failed'], 2, 30); // completed with a failure, 30 s
  failedIds = [await job(at(5), ['failed'], 0, 20), await job(at(6), ['failed'], 0, 20)]; // failed, 20 s each
  const cancelled = (await fixture.submit(userId, 1, at(26))).job.id;
  await cancelJob({ ...fixture.deps, clock: () => at(26.5) }, await fixture.caller(userId), cancelled);
  await fixture.submit(userId, 2, at(49)); // still queued
});
afterAll(async () => {
  await fixture?.close();
});

describe('history analytics', () => {
  it('summarises one day of hourly buckets from the rollups', async () => {
    const result = await analytics({ from: at(0), to: at(24) });
    expect(result.time_series).toHaveLength(24);
    expect(result.time_series[1]).toEqual({ bucket_start: at(1).toISOString(), total: 2, succeeded: 2, failed: 0, cancelled: 0 });
    expect(result.time_series[5]).toMatchObject({ total: 1, failed: 1 });
    expect(result.time_series.reduce((sum, bucket) => sum + bucket.total, 0)).toBe(4);
    expect(result.summary).toEqual({
      total: 4,
      succeeded: 2,
      failed: 2,
      cancelled: 0,
      in_progress: 0,
      terminal: 4,
      success_rate: 0.5,
      average_duration_ms: (10_000 + 30_000 + 20_000 + 20_000) / 4,
      documents_processed: 2,
      documents_failed: 3,
      pages_processed: 5,
    });
    expect(result.by_status).toEqual([
      { status: 'queued', count: 0 },
      { status: 'processing', count: 0 },
      { status: 'completed', count: 2 },
      { status: 'failed', count: 2 },
      { status: 'cancelled', count: 0 },
    ]);
    expect(result.by_job_type).toEqual([
      { job_type: 'single', total: 3, succeeded: 1, failed: 2, cancelled: 0 },
      { job_type: 'batch', total: 1, succeeded: 1, failed: 0, cancelled: 0 },
      { job_type: 'webhook', total: 0, succeeded: 0, failed: 0, cancelled: 0 },
    ]);
    expect(result.recent_failures.map((failure) => failure.job_id)).toEqual([...failedIds].reverse());
    expect(result.recent_failures[0]).toMatchObject({ job_type: 'single', status: 'failed', error: 'the document failed' });
  });

  it('counts queued and cancelled jobs in their creation bucket, and nothing outside [from, to)', async () => {
    const result = await analytics({ from: at(24), to: at(72), granularity: 'daily' });
    expect(result.time_series.map((bucket) => bucket.total)).toEqual([1, 1]);
    expect(result.summary).toMatchObject({ total: 2, cancelled: 1, in_progress: 1, terminal: 1, success_rate: 0 });
    expect(result.summary.average_duration_ms).toBe(30 * 60_000);
  });

  it('widens a range that is not on bucket boundaries to whole buckets and says so', async () => {
    const result = await analytics({ from: new Date(T + 90 * 60_000), to: new Date(T + 150 * 60_000) });
    expect(result.from).toBe(at(1).toISOString());
    expect(result.to).toBe(at(3).toISOString());
    expect(result.time_series.map((bucket) => bucket.total)).toEqual([2, 0]);
  });

  it('puts daily buckets on local midnights of tz, across a DST change', async () => {
    // US clocks went forward on 2026-03-08: that local day has 23 hours.
    const newYork = await analytics({ from: new Date('2026-03-07T12:00:00Z'), to: new Date('2026-03-10T12:00:00Z'), granularity: 'daily', tz: 'America/New_York' });
    expect(newYork.time_series.map((bucket) => bucket.bucket_start)).toEqual([
      '2026-03-07T05:00:00.000Z',
      '2026-03-08T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
      '2026-03-10T04:00:00.000Z',
    ]);
    // T+1h and T+1.5h are still March 9 in New York, March 10 in UTC.
    expect(newYork.time_series[2]).toMatchObject({ total: 3 });
    const utc = await analytics({ from: new Date('2026-03-09T00:00:00Z'), to: new Date('2026-03-11T00:00:00Z'), granularity: 'daily' });
    expect(utc.time_series.map((bucket) => bucket.total)).toEqual([1, 4]);
  });

  it('is all zeros, not an error, for a range without jobs', async () => {
    const result = await analytics({ from: at(-500), to: at(-476) });
    expect(result.time_series).toHaveLength(24);
    expect(result.summary).toMatchObject({ total: 0, success_rate: 0, average_duration_ms: 0 });
    expect(result.recent_failures).toEqual([]);
  });
});

describe('slot compaction (hourly maintenance)', () => {
  it('folds the slots of settled hours into one row each and changes no number', async () => {
    const owner = await fixture.createUser();
    // 8 jobs in one hour, each three transactions on a random one of 16 slots: many slot rows.
    for (let i = 0; i < 8; i++) await job(at(30), i % 3 ? ['succeeded', 'failed'] : ['failed'], 2, 10, owner);
    const rows = async () =>
      (await fixture.db.$queryRaw<{ rows: bigint }[]>`SELECT count(*) AS rows FROM job_hourly_rollups WHERE user_id = ${owner}::uuid`)[0]!.rows;
    const range = { from: at(24), to: at(48) };
    const before = { hourly: await analytics(range, owner), daily: await analytics({ ...range, granularity: 'daily' }, owner) };
    const slotted = await rows();
    expect(slotted).toBeGreaterThan(1n);

    await compactRollupSlots(fixture.db, at(29)); // the hour is not settled yet: untouched
    expect(await rows()).toBe(slotted);
    expect(await compactRollupSlots(fixture.db, at(40))).toBeGreaterThan(0);

    expect(await rows()).toBe(2n); // one per job type: single (one document) and batch
    expect({ hourly: await analytics(range, owner), daily: await analytics({ ...range, granularity: 'daily' }, owner) }).toEqual(before);
    expect(await rollupDifferences(fixture.db, owner)).toEqual([]);
  });
});

describe('analytics cache', () => {
  it('forgets the least recently used answer first', () => {
    const cache = new AnalyticsCache(2);
    const entry = (version: string) => ({ version, analytics: {} as HistoryAnalytics });
    cache.set('a', entry('1'));
    cache.set('b', entry('1'));
    cache.get('a');
    cache.set('c', entry('1'));
    expect([cache.get('a')?.version, cache.get('b'), cache.get('c')?.version]).toEqual(['1', undefined, '1']);
  });

  it('versions a user’s statistics: every transaction that moves them adds exactly one', async () => {
    const owner = await fixture.createUser();
    const version = async () =>
      Number((await fixture.db.$queryRaw<{ v: bigint }[]>`SELECT coalesce(sum(changes), 0)::int8 AS v FROM user_counters WHERE user_id = ${owner}::uuid`)[0]!.v);
    // 12 one-document jobs: submit, claim and outcome each are one transaction — 36 in all,
    // more than the 16 slots, so most land on a slot row that already exists.
    for (let i = 0; i < 12; i++) await job(at(70 + i), [i % 2 ? 'succeeded' : 'failed'], 1, 10, owner);
    expect(await version()).toBe(36);
    await compactRollupSlots(fixture.db, at(200)); // moves rows, changes no number: same version
    expect(await version()).toBe(36);
  });

  it('serves a repeated query from the cache only while the user’s numbers are unchanged', async () => {
    const owner = await fixture.createUser();
    const other = await fixture.createUser();
    await job(at(60), ['succeeded'], 1, 10, owner);
    const cache = new AnalyticsCache();
    const range = { from: at(48), to: at(96), granularity: 'hourly' as const, scope: 'user' as const };
    const cached = () => getHistoryAnalytics(fixture.sql, { kind: 'user', id: owner }, range, cache);
    const fresh = () => getHistoryAnalytics(fixture.sql, { kind: 'user', id: owner }, range);

    const first = await cached();
    expect(await cached()).toBe(first); // the same object: a hit
    expect([cache.misses, cache.hits]).toEqual([1, 1]);

    await job(at(62), ['failed'], 0, 10, other); // another user's work changes nothing here
    expect(await cached()).toBe(first);

    await job(at(61), ['succeeded', 'failed'], 2, 10, owner); // the owner's: a miss, and the new numbers
    const second = await cached();
    expect(second).not.toBe(first);
    expect(second).toEqual(await fresh());
    expect(second.summary.total).toBe(first.summary.total + 1);

    // A repair rewrites the statistics: it must invalidate too, even when the sums come out equal.
    await fixture.db.$executeRaw`UPDATE job_hourly_rollups SET completed = completed + 5 WHERE user_id = ${owner}::uuid AND slot = (SELECT min(slot) FROM job_hourly_rollups WHERE user_id = ${owner}::uuid)`;
    await reconcileStatistics(fixture.db, { repair: true, userId: owner });
    const repaired = await cached();
    expect(repaired).not.toBe(second);
    expect(repaired).toEqual(await fresh());
    expect(cache.misses).toBe(3);
  });
});

describe('analytics cache: settled hours', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** The pool, with the hour each analytics statement read the rollups from ($6; null: the whole range). */
  const watchedPool = () => {
    const readFrom: (Date | null)[] = [];
    const pool = {
      query: (config: { name: string; text: string; values: unknown[] }) => {
        if (config.name.startsWith('history-analytics-user')) readFrom.push((config.values[5] as Date | null | undefined) ?? null);
        return fixture.sql.query(config);
      },
    } as unknown as SqlPool;
    return { pool, readFrom };
  };
  const slotRows = (owner: string) =>
    fixture.db.$queryRaw<{ slot: number; newest_hour: Date | null; late_changes: bigint }[]>`
      SELECT slot, newest_hour, late_changes FROM user_counters WHERE user_id = ${owner}::uuid ORDER BY slot`;

  it('re-reads only the hours after the settled ones, and everything once a settled hour moves', async () => {
    // Every transaction on slot 0 (randomCounterSlot), so which hours it moved is known.
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const owner = await fixture.createUser();
    const late = (await fixture.submit(owner, 1, at(100))).job; // queued in hour 100, settled later
    await job(at(102), ['succeeded'], 1, 10, owner);
    expect(await slotRows(owner)).toEqual([{ slot: 0, newest_hour: at(102), late_changes: 0n }]);

    const { pool, readFrom } = watchedPool();
    const cache = new AnalyticsCache();
    const range = { from: at(96), to: at(120), granularity: 'hourly' as const, scope: 'user' as const };
    const cached = () => getHistoryAnalytics(pool, { kind: 'user', id: owner }, range, cache);
    const fresh = () => getHistoryAnalytics(fixture.sql, { kind: 'user', id: owner }, range);

    expect(await cached()).toEqual(await fresh());
    await job(at(102.5), ['failed'], 0, 10, owner); // the newest hour again: no settled hour moved
    expect(await cached()).toEqual(await fresh());
    expect(readFrom).toEqual([null, at(102)]);

    // The job of hour 100 is worked off now: an hour older than the slot's newest moves.
    const claim = await claimDocument({ ...fixture.deps, clock: () => at(103) }, { jobId: late.id, documentId: late.documents[0]!.id, maxAttempts: 3 });
    if (claim.kind !== 'process') throw new Error('expected a claim');
    expect((await slotRows(owner))[0]!.late_changes).toBe(1n);
    const afterLate = await cached();
    expect(afterLate.time_series[4]).toMatchObject({ total: 1, succeeded: 0 }); // hour 100: processing now
    expect(afterLate).toEqual(await fresh());
    expect(readFrom).toEqual([null, at(102), at(102), null]);
  });

  it('records the hours of a group commit: several hours at once count as late', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const owner = await fixture.createUser();
    const owners = { userId: owner, organizationId: (await fixture.caller(owner)).organizationId };
    const entry = (hours: number) => ({ owner: owners, key: { createdAt: at(hours), jobType: 'single' as const }, deltas: { jobs: { queued: 1 }, documents: { queued: 1 }, rollup: { queued: 1 }, usage: {} } });
    const apply = (entries: ReturnType<typeof entry>[]) => {
      const ctes = batchedStatDeltaCtes(entries, 0);
      return fixture.db.$executeRaw(withCtes(ctes, Prisma.sql`SELECT count(*) FROM ${Prisma.raw(ctes.at(-1)!.name)}`));
    };
    await apply([entry(110), entry(110)]);
    expect(await slotRows(owner)).toEqual([{ slot: 0, newest_hour: at(110), late_changes: 0n }]);
    await apply([entry(111)]);
    expect(await slotRows(owner)).toEqual([{ slot: 0, newest_hour: at(111), late_changes: 0n }]);
    await apply([entry(111), entry(112)]);
    expect(await slotRows(owner)).toEqual([{ slot: 0, newest_hour: at(112), late_changes: 1n }]);
    await apply([entry(105)]);
    expect(await slotRows(owner)).toEqual([{ slot: 0, newest_hour: at(112), late_changes: 2n }]);
  });

  it('answers like a fresh read after every step of a seeded sequence of transitions at many hours', async () => {
    // Jobs submitted and worked off at random hours, out of order, on random slots: whatever
    // the cache keeps, each answer must be what an uncached read says at that moment.
    const seed = Number(process.env.PROPERTY_SEED ?? Math.floor(Math.random() * 2 ** 31));
    let state = seed >>> 0;
    const next = () => ((state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
    const owner = await fixture.createUser();
    const cache = new AnalyticsCache();
    const ranges = [
      { from: at(200), to: at(248), granularity: 'hourly' as const, scope: 'user' as const },
      { from: at(200), to: at(248), granularity: 'daily' as const, scope: 'user' as const, tz: 'America/New_York' },
    ];
    const pending: Awaited<ReturnType<DomainFixture['submit']>>['job'][] = [];
    for (let step = 0; step < 30; step++) {
      const hour = 200 + Math.floor(next() * 48);
      if (pending.length && next() < 0.4) {
        const target = pending.splice(Math.floor(next() * pending.length), 1)[0]!;
        const claim = await claimDocument({ ...fixture.deps, clock: () => at(hour) }, { jobId: target.id, documentId: target.documents[0]!.id, maxAttempts: 3 });
        if (claim.kind === 'process') {
          const outcome = { status: 'succeeded' as const, textBlobKey: 't', pageCount: 1, wordCount: 1, language: 'eng', metadata: {}, processingMs: 1 };
          await recordDocumentOutcome({ ...fixture.deps, clock: () => at(hour) }, { jobId: target.id, documentId: target.documents[0]!.id, attempt: claim.attempt, outcome });
        }
      } else {
        pending.push((await fixture.submit(owner, 1, at(hour))).job);
      }
      for (const range of ranges) {
        const fresh = await getHistoryAnalytics(fixture.sql, { kind: 'user', id: owner }, range);
        const answer = await getHistoryAnalytics(fixture.sql, { kind: 'user', id: owner }, range, cache);
        expect(answer, `seed ${seed}, step ${step}`).toEqual(fresh);
        // Nothing moved since: a hit, whichever way the entry checks its version.
        expect(await getHistoryAnalytics(fixture.sql, { kind: 'user', id: owner }, range, cache)).toBe(answer);
      }
    }
  });
});

