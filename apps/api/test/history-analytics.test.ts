import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryAnalyticsSchema } from '@docket/contracts/history';
import { signUp } from './support/api-client.ts';
import { startTestDocket, type TestDocket } from './support/test-docket.ts';

let docket: TestDocket;
beforeAll(async () => {
  docket = await startTestDocket({ RUN_WORKER: 'false' });
});
afterAll(async () => {
  await docket?.stop();
});

const DAY = 24 * 3600_000;

describe('GET /api/history/analytics', () => {
  it("reports the caller's own jobs only, with unix-ms or ISO bounds", async () => {
    const alice = await signUp(docket.url);
    const bob = await signUp(docket.url);
    await alice.client.upload([{ name: 'a.txt', content: 'a' }]);
    await alice.client.upload([{ name: 'b.txt', content: 'b' }, { name: 'c.txt', content: 'c' }]);
    await bob.client.upload([{ name: 'x.txt', content: 'x' }]);

    const from = Date.now() - 3600_000;
    const to = new Date(Date.now() + 3600_000).toISOString();
    const reply = await alice.client.get(`/api/history/analytics?from=${from}&to=${to}&granularity=hourly`);
    expect(reply.status).toBe(200);
    const analytics = HistoryAnalyticsSchema.parse(reply.body);
    expect(analytics.summary).toMatchObject({ total: 2, in_progress: 2, terminal: 0, success_rate: 0 });
    expect(analytics.by_job_type.find((row) => row.job_type === 'batch')!.total).toBe(1);
    expect(analytics.time_series.reduce((sum, bucket) => sum + bucket.total, 0)).toBe(2);
    expect(analytics.time_series.length).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['granularity=hourly', /from/],
    [`from=${Date.now()}&granularity=hourly`, /to/],
    ['from=last-week&to=2026-01-02&granularity=daily', /from: expected unix milliseconds or an ISO-8601 timestamp/],
    ['from=2026-01-02&to=2026-01-01&granularity=daily', /to must be after from/],
    ['from=2026-01-01&to=2026-02-02&granularity=hourly', /at most 31 days for hourly/],
    [`from=2026-01-01&to=${Date.parse('2026-01-01') + 367 * DAY}&granularity=daily`, /at most 366 days for daily/],
    ['from=2026-01-01&to=2026-01-02&granularity=weekly', /granularity must be hourly or daily/],
    ['from=2026-01-01&to=2026-01-02&granularity=daily&tz=Mars/Olympus', /tz must be an IANA time zone/],
    ['from=2026-01-01&to=2026-01-02&granularity=hourly&tz=Europe/Paris', /tz applies to daily buckets only/],
  ])('rejects %s with a 400 that says why', async (query, message) => {
    const { client } = await signUp(docket.url);
    const reply = await client.get(`/api/history/analytics?${query}`);
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('validation_failed');
    expect(reply.body.error.message).toMatch(message);
  });

  it('accepts exactly 31 days hourly and 366 days daily', async () => {
    const { client } = await signUp(docket.url);
    const hourly = await client.get(`/api/history/analytics?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&granularity=hourly`);
    expect(hourly.status).toBe(200);
    expect(hourly.body.time_series).toHaveLength(31 * 24);
    const daily = await client.get(`/api/history/analytics?from=2026-01-01&to=${Date.parse('2026-01-01') + 366 * DAY}&granularity=daily&tz=Europe/Paris`);
    expect(daily.status).toBe(200);
    expect(daily.body.time_series).toHaveLength(367); // widened to Paris midnights at both ends
  });
});
