import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactRollupSlots } from '@docket/jobs/compact-rollups';
import { UsageReportSchema, USAGE_METERS, USAGE_UNITS, type UsageMeter } from '@docket/contracts/usage';
import { corruptPdf, makePdf } from '../../../test/fixtures/documents.ts';
import { apiClient, signIn, signUp, waitForJob, type ApiClient } from './support/api-client.ts';
import { startTestDocket, type TestDocket } from './support/test-docket.ts';

let docket: TestDocket;
let admin: ApiClient;
let billing: ApiClient;
beforeAll(async () => {
  docket = await startTestDocket({ ADMIN_EMAIL: 'billing-admin@example.com', ADMIN_PASSWORD: 'operator password' });
  admin = await signIn(docket.url, 'billing-admin@example.com', 'operator password');
  const token = await admin.post('/api/tokens', { name: 'billing', scopes: ['usage:read'] });
  billing = apiClient(docket.url, token.body.token);
});
afterAll(async () => {
  await docket?.stop();
});

type Recount = { user_id: string; hour: Date } & Record<UsageMeter, number>;

/** The meters the job and document rows determine (api_calls counts requests, not rows). */
const ROW_METERS = USAGE_METERS.filter((meter) => meter !== 'api_calls');

/** Usage recounted from the job and document rows, per user and hour (no retries in these workloads; every job in its submitter's personal organisation). */
async function recountUsage(): Promise<Recount[]> {
  return docket.db.$queryRaw<Recount[]>`
    WITH events AS (
      SELECT user_id, date_trunc('hour', created_at) AS hour, 1 AS jobs_submitted, 0 AS documents_processed, 0 AS pages_processed, 0 AS bytes_processed, 0 AS processing_ms
      FROM jobs
      UNION ALL
      SELECT user_id, date_trunc('hour', completed_at), 0,
             (status = 'succeeded')::int,
             CASE WHEN status = 'succeeded' THEN coalesce(page_count, 0) ELSE 0 END,
             CASE WHEN status = 'succeeded' THEN size_bytes ELSE 0 END,
             coalesce(processing_ms, 0)
      FROM documents WHERE status IN ('succeeded', 'failed')
    )
    SELECT user_id::text, hour, sum(jobs_submitted)::float8 AS jobs_submitted, sum(documents_processed)::float8 AS documents_processed,
           sum(pages_processed)::float8 AS pages_processed, sum(bytes_processed)::float8 AS bytes_processed, sum(processing_ms)::float8 AS processing_ms
    FROM events GROUP BY 1, 2 ORDER BY 2, 1`;
}

async function runWorkload(client: ApiClient): Promise<void> {
  const batch = await client.upload([
    { name: 'two-pages.pdf', content: makePdf(['first page words', 'second page words']) },
    { name: 'notes.txt', content: 'plain text notes for the meter' },
    { name: 'broken.pdf', content: corruptPdf() },
  ]);
  const single = await client.upload([{ name: 'three-pages.pdf', content: makePdf(['a', 'b', 'c']) }]);
  await waitForJob(client, batch.body.id);
  await waitForJob(client, single.body.id);
}

const hourStart = (date = new Date()) => new Date(Math.floor(date.getTime() / 3_600_000) * 3_600_000);

describe('usage meters', () => {
  it('GET /api/usage reports the caller’s own meters, equal to a recount of the rows', async () => {
    const alice = await signUp(docket.url);
    const bob = await signUp(docket.url);
    await runWorkload(alice.client);
    await runWorkload(bob.client);
    await runWorkload(bob.client);

    for (const { client, auth } of [alice, bob]) {
      const reply = await client.get('/api/usage');
      expect(reply.status).toBe(200);
      const report = UsageReportSchema.parse(reply.body);
      const mine = (await recountUsage()).filter((row) => row.user_id === auth.user.id);
      for (const meter of ROW_METERS) expect(report.totals[meter], meter).toBe(mine.reduce((sum, row) => sum + row[meter], 0));
      expect(report.totals.documents_processed).toBe(auth === alice.auth ? 3 : 6);
      expect(report.totals.pages_processed).toBe(auth === alice.auth ? 5 : 10);
      // The month by day: every day present, the sums add up to the totals.
      expect(report.granularity).toBe('daily');
      expect(report.periods.length).toBeGreaterThanOrEqual(28);
      expect(report.periods.reduce((sum, period) => sum + period.jobs_submitted, 0)).toBe(report.totals.jobs_submitted);
    }
  });

  it('meters authenticated API calls per organisation and per token, without a write per call', async () => {
    const { client } = await signUp(docket.url);
    const token = (await client.post('/api/tokens', { name: 'poller', scopes: ['jobs:read'] })).body;
    const script = apiClient(docket.url, token.token);
    for (let i = 0; i < 7; i++) expect((await script.get('/api/jobs')).status).toBe(200);
    const organization = (await client.get('/api/organizations')).body.items[0].id as string;
    const sums = async () => {
      const [row] = await docket.db.$queryRaw<{ organization: number; token: number }[]>`
        SELECT (SELECT coalesce(sum(api_calls), 0)::float8 FROM usage_hourly WHERE organization_id = ${organization}::uuid) AS organization,
               (SELECT coalesce(sum(api_calls), 0)::float8 FROM api_token_usage_hourly WHERE token_id = ${token.id}::uuid) AS token`;
      return row!;
    };
    // Counted in memory, written every few seconds: the calls appear together, once.
    await expect.poll(async () => (await sums()).token, { timeout: 15_000, interval: 250 }).toBe(7);
    // The token's seven, plus the one call the signed-in user made in the organisation (creating
    // the token; managing organisations is not a call made in one).
    expect((await sums()).organization).toBe(8);
    const report = UsageReportSchema.parse((await client.get('/api/usage')).body);
    expect(report.totals.api_calls).toBeGreaterThanOrEqual(8);
  });

  it('counts usage for a token with usage:read and refuses one without it', async () => {
    const { client } = await signUp(docket.url);
    const withScope = apiClient(docket.url, (await client.post('/api/tokens', { name: 'u', scopes: ['usage:read'] })).body.token);
    const without = apiClient(docket.url, (await client.post('/api/tokens', { name: 'j', scopes: ['jobs:read'] })).body.token);
    expect((await withScope.get('/api/usage?granularity=monthly&from=2026-01-01&to=2027-01-01')).body.periods).toHaveLength(12);
    expect((await without.get('/api/usage')).body.error.code).toBe('insufficient_scope');
  });

  it('rejects ranges that split a period, with a message that says so', async () => {
    const { client } = await signUp(docket.url);
    const split = await client.get('/api/usage?granularity=monthly&from=2026-11-15&to=2026-12-01');
    expect(split.status).toBe(400);
    expect(split.body.error.message).toContain('from must be the first of a month, UTC midnight for monthly usage');
    expect((await client.get('/api/usage?granularity=hourly')).body.error.message).toContain('granularity must be daily or monthly');
    expect((await client.get('/api/usage?from=2026-11-02&to=2026-11-01')).body.error.message).toContain('to must be after from');
  });
});

describe('billing export', () => {
  it('streams every user’s non-zero meters as RFC 4180 CSV equal to the recount, with deterministic record ids', async () => {
    const { client } = await signUp(docket.url);
    await runWorkload(client);
    const from = new Date(hourStart().getTime() - 3_600_000).toISOString();
    const to = new Date(hourStart().getTime() + 2 * 3_600_000).toISOString();
    const path = `/api/admin/usage/export?from=${from}&to=${to}&granularity=hourly&format=csv&include_open=true`;

    const reply = await billing.get(path);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(reply.text.startsWith('record_id,organization_id,user_id,user_email,meter,quantity,unit,period_start,period_end\r\n')).toBe(true);
    const records = (parse(reply.text, { columns: true, cast: (value, context) => (context.column === 'quantity' ? Number(value) : value) }) as { record_id: string; organization_id: string; user_id: string; meter: string; period_start: string; quantity: number }[]).filter((record) => record.meter !== 'api_calls');

    const users = new Map((await docket.db.user.findMany()).map((user) => [user.id, user.email]));
    const personal = new Map((await docket.db.organization.findMany({ where: { personalUserId: { not: null } } })).map((organization) => [organization.personalUserId, organization.id]));
    const expected = (await recountUsage()).flatMap((row) =>
      ROW_METERS.filter((meter) => row[meter] !== 0).map((meter) => ({
        organization_id: personal.get(row.user_id),
        user_id: row.user_id,
        user_email: users.get(row.user_id),
        meter,
        quantity: row[meter],
        unit: USAGE_UNITS[meter],
        period_start: row.hour.toISOString(),
        period_end: new Date(row.hour.getTime() + 3_600_000).toISOString(),
      })),
    );
    const key = (record: { user_id: unknown; meter: unknown; period_start: unknown }) => `${record.period_start} ${record.user_id} ${record.meter}`;
    expect(records.map(({ record_id: _, ...rest }) => rest).sort((a, b) => key(a).localeCompare(key(b)))).toEqual(expected.sort((a, b) => key(a).localeCompare(key(b))));
    expect(new Set(records.map((record) => record.record_id)).size).toBe(records.length);
    for (const record of records) expect(record.record_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    // JSONL carries the same records, ids included.
    const jsonl = await billing.get(path.replace('format=csv', 'format=jsonl'));
    expect(jsonl.headers.get('content-type')).toBe('application/jsonl; charset=utf-8');
    expect(jsonl.text.trimEnd().split('\n').map((line) => JSON.parse(line)).filter((record) => record.meter !== 'api_calls')).toEqual(records);
  });

  it('keeps the record ids of exports made before organisations: a personal organisation’s records are keyed by its account', async () => {
    const { client, auth } = await signUp(docket.url);
    await runWorkload(client);
    const from = hourStart().toISOString();
    const to = new Date(hourStart().getTime() + 3_600_000).toISOString();
    const records = (await billing.get(`/api/admin/usage/export?from=${from}&to=${to}&granularity=hourly&format=jsonl&include_open=true`)).text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { record_id: string; user_id: string; meter: string; period_start: string; period_end: string })
      .filter((record) => record.user_id === auth.user.id);
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      const [legacy] = await docket.db.$queryRaw<{ id: string }[]>`
        SELECT md5('docket-usage:' || ${auth.user.id} || ':' || ${record.meter} || ':' || ${record.period_start} || ':' || ${record.period_end})::uuid::text AS id`;
      expect(record.record_id).toBe(legacy!.id);
    }
  });

  it('exports only closed periods by default, and a closed period byte-identically every time', async () => {
    const { auth } = await signUp(docket.url);
    const personal = await docket.db.organization.findUniqueOrThrow({ where: { personalUserId: auth.user.id } });
    // Two past days of meters for this user's personal organisation, as workers would have left them (slots included).
    await docket.db.$executeRaw`
      INSERT INTO usage_hourly (organization_id, hour_start, slot, jobs_submitted, documents_processed, pages_processed, bytes_processed, processing_ms)
      VALUES (${personal.id}::uuid, '2026-10-30T10:00:00Z', 0, 2, 3, 30, 3000, 900),
             (${personal.id}::uuid, '2026-10-30T10:00:00Z', 7, 1, 1, 10, 1000, 100),
             (${personal.id}::uuid, '2026-10-31T23:00:00Z', 3, 0, 4, 0, 4000, 400)`;
    const path = '/api/admin/usage/export?from=2026-10-01&to=2026-11-01&granularity=daily';
    const first = await billing.get(path);
    const mine = first.text.split('\r\n').filter((line) => line.includes(auth.user.id));
    expect(mine.map((line) => line.split(',').slice(4).join(','))).toEqual([
      'jobs_submitted,3,jobs,2026-10-30T00:00:00.000Z,2026-10-31T00:00:00.000Z',
      'documents_processed,4,documents,2026-10-30T00:00:00.000Z,2026-10-31T00:00:00.000Z',
      'pages_processed,40,pages,2026-10-30T00:00:00.000Z,2026-10-31T00:00:00.000Z',
      'bytes_processed,4000,bytes,2026-10-30T00:00:00.000Z,2026-10-31T00:00:00.000Z',
      'processing_ms,1000,milliseconds,2026-10-30T00:00:00.000Z,2026-10-31T00:00:00.000Z',
      'documents_processed,4,documents,2026-10-31T00:00:00.000Z,2026-11-01T00:00:00.000Z',
      'bytes_processed,4000,bytes,2026-10-31T00:00:00.000Z,2026-11-01T00:00:00.000Z',
      'processing_ms,400,milliseconds,2026-10-31T00:00:00.000Z,2026-11-01T00:00:00.000Z',
    ]);
    // Maintenance folding the slots changes nothing; neither does asking again.
    expect(await compactRollupSlots(docket.db, new Date('2026-11-01T00:00:00Z'))).toBeGreaterThanOrEqual(2);
    expect(await docket.db.usageHourly.count({ where: { organizationId: personal.id } })).toBe(2);
    expect((await billing.get(path)).text).toBe(first.text);
    expect((await admin.get(path)).text).toBe(first.text);

    // The current month is open: nothing of it unless include_open.
    const thisMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1));
    const nextMonth = new Date(Date.UTC(thisMonth.getUTCFullYear(), thisMonth.getUTCMonth() + 1, 1));
    const monthly = `/api/admin/usage/export?from=${thisMonth.toISOString()}&to=${nextMonth.toISOString()}&granularity=monthly`;
    const closedOnly = await billing.get(monthly);
    expect(closedOnly.text).toBe('record_id,organization_id,user_id,user_email,meter,quantity,unit,period_start,period_end\r\n');
    expect(closedOnly.headers.get('docket-usage-through')).toBe(thisMonth.toISOString());
    expect((await billing.get(`${monthly}&include_open=true`)).text.split('\r\n').length).toBeGreaterThan(2);
  });

  it('narrows to one organisation with x-tenantid: its records only, the same bytes as in the full export', async () => {
    const organizations = await Promise.all(
      [0, 1].map(async () => docket.db.organization.findUniqueOrThrow({ where: { personalUserId: (await signUp(docket.url)).auth.user.id } })),
    );
    for (const [index, organization] of organizations.entries()) {
      await docket.db.$executeRaw`
        INSERT INTO usage_hourly (organization_id, hour_start, slot, jobs_submitted, documents_processed, pages_processed, bytes_processed, processing_ms)
        VALUES (${organization.id}::uuid, '2026-09-14T08:00:00Z', 0, ${index + 1}, 2, 20, 2000, 500),
               (${organization.id}::uuid, '2026-09-15T09:00:00Z', 1, 0, 1, 5, 700, 90)`;
    }
    const path = '/api/admin/usage/export?from=2026-09-01&to=2026-10-01&granularity=daily';
    for (const format of ['csv', 'jsonl'] as const) {
      const full = (await billing.get(`${path}&format=${format}`)).text.split(format === 'csv' ? '\r\n' : '\n');
      for (const organization of organizations) {
        const narrowed = await billing.get(`${path}&format=${format}`, { 'x-tenantid': organization.id });
        expect(narrowed.status).toBe(200);
        const lines = narrowed.text.split(format === 'csv' ? '\r\n' : '\n');
        const own = full.filter((line) => line.includes(organization.id));
        expect(own.length).toBe(9);
        expect(lines).toEqual([...(format === 'csv' ? [full[0]] : []), ...own, '']);
      }
    }
    // Every organisation without the header; a malformed or unknown one is refused before any byte.
    const malformed = await admin.get(path, { 'x-tenantid': 'not-a-uuid' });
    expect([malformed.status, malformed.body.error.code, malformed.headers.get('content-disposition')]).toEqual([400, 'validation_failed', null]);
    const unknown = await billing.get(path, { 'x-tenantid': '00000000-0000-4000-8000-000000000000' });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);
  });

  it('is for admins (signed in, or their usage:read tokens) and validates its query', async () => {
    const { client } = await signUp(docket.url);
    const userToken = apiClient(docket.url, (await client.post('/api/tokens', { name: 'u', scopes: ['usage:read'] })).body.token);
    expect((await client.get('/api/admin/usage/export?from=2026-10-01&to=2026-11-01')).status).toBe(403);
    expect((await userToken.get('/api/admin/usage/export?from=2026-10-01&to=2026-11-01')).body.error.code).toBe('forbidden');
    const adminJobsToken = apiClient(docket.url, (await admin.post('/api/tokens', { name: 'j', scopes: ['jobs:read'] })).body.token);
    expect((await adminJobsToken.get('/api/admin/usage/export?from=2026-10-01&to=2026-11-01')).body.error.code).toBe('insufficient_scope');

    const badFormat = await billing.get('/api/admin/usage/export?from=2026-10-01&to=2026-11-01&format=xml');
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.error.message).toContain('format must be csv or jsonl');
    const split = await billing.get('/api/admin/usage/export?from=2026-10-01T10:30:00Z&to=2026-11-01&granularity=hourly');
    expect(split.status).toBe(400);
    expect(split.body.error.message).toContain('from must be a whole UTC hour for hourly usage');
    expect((await billing.get('/api/admin/usage/export?to=2026-11-01')).status).toBe(400);
  });
});
