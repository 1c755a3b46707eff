import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, signIn, signUp } from '../../api/test/support/api-client.ts';
import { startTestDocket, type TestDocket } from '../../api/test/support/test-docket.ts';
import { docketCli } from './support/docket-cli.ts';

let docket: TestDocket;
let dir: string;
let adminToken: string;
let customerId: string;
beforeAll(async () => {
  docket = await startTestDocket({ RUN_WORKER: 'false', ADMIN_EMAIL: 'finance@example.com', ADMIN_PASSWORD: 'operator password' });
  dir = await mkdtemp(path.join(os.tmpdir(), 'docket-cli-usage-'));
  const admin = await signIn(docket.url, 'finance@example.com', 'operator password');
  adminToken = (await admin.post('/api/tokens', { name: 'billing', scopes: ['usage:read'] })).body.token;
  customerId = (await signUp(docket.url)).auth.user.id;
  // October's meters of one customer's personal organisation, as the workers left them.
  await docket.db.$executeRaw`
    INSERT INTO usage_hourly (organization_id, hour_start, slot, jobs_submitted, documents_processed, pages_processed, bytes_processed, processing_ms)
    SELECT o.id, v.hour::timestamptz, v.slot, v.jobs, v.documents, v.pages, v.bytes, v.ms
    FROM organizations o, (VALUES ('2026-10-03T08:00:00Z', 0, 1, 2, 12, 2048, 350), ('2026-10-20T17:00:00Z', 5, 3, 3, 0, 999, 120)) AS v(hour, slot, jobs, documents, pages, bytes, ms)
    WHERE o.personal_user_id = ${customerId}::uuid`;
});
afterAll(async () => {
  await docket?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('docket usage export', () => {
  it('writes the closed periods as CSV to standard output, the same bytes as the API', async () => {
    const env = { DOCKET_URL: docket.url, DOCKET_TOKEN: adminToken };
    const result = await docketCli(['usage', 'export', '--from', '2026-10-01', '--to', '2026-11-01', '--format', 'csv', '--granularity', 'monthly'], env);
    expect(result.err).toContain('exported 5 records (closed periods through 2026-11-01T00:00:00.000Z)');
    expect(result.code).toBe(0);
    const records = parse(result.out, { columns: true }) as Record<string, string>[];
    expect(records.map(({ meter, quantity, period_start, period_end }) => [meter, quantity, period_start, period_end])).toEqual([
      ['jobs_submitted', '4', '2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
      ['documents_processed', '5', '2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
      ['pages_processed', '12', '2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
      ['bytes_processed', '3047', '2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
      ['processing_ms', '470', '2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
    ]);
    expect(new Set(records.map((record) => record.user_id))).toEqual(new Set([customerId]));
    const api = await apiClient(docket.url, adminToken).get('/api/admin/usage/export?from=2026-10-01&to=2026-11-01&format=csv&granularity=monthly');
    expect(result.out).toBe(api.text);

    // --output and jsonl: same records, one JSON object per line; again gives the same bytes.
    const file = path.join(dir, 'october.jsonl');
    const daily = ['usage', 'export', '--from', '2026-10-01', '--to', '2026-11-01', '--format', 'jsonl', '--output', file];
    expect((await docketCli(daily, env)).code).toBe(0);
    const first = await readFile(file, 'utf8');
    expect(first.trimEnd().split('\n').map((line) => JSON.parse(line).period_start)).toEqual([...Array(5).fill('2026-10-03T00:00:00.000Z'), ...Array(4).fill('2026-10-20T00:00:00.000Z')]);
    expect((await docketCli(daily, env)).code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(first);
  });

  it('--organization exports only that organisation’s records, the same bytes as the narrowed API', async () => {
    const env = { DOCKET_URL: docket.url, DOCKET_TOKEN: adminToken };
    const organization = await docket.db.organization.findUniqueOrThrow({ where: { personalUserId: customerId } });
    // Another customer's October, which the narrowed export leaves out.
    const other = (await signUp(docket.url)).auth.user.id;
    await docket.db.$executeRaw`
      INSERT INTO usage_hourly (organization_id, hour_start, slot, jobs_submitted, documents_processed, pages_processed, bytes_processed, processing_ms)
      SELECT id, '2026-10-05T08:00:00Z', 0, 1, 1, 1, 10, 10 FROM organizations WHERE personal_user_id = ${other}::uuid`;
    const args = ['usage', 'export', '--from', '2026-10-01', '--to', '2026-11-01', '--granularity', 'monthly', '--format', 'jsonl'];
    const narrowed = await docketCli([...args, '--organization', organization.id], env);
    expect(narrowed.code).toBe(0);
    expect(narrowed.out.trimEnd().split('\n').map((line) => JSON.parse(line).organization_id)).toEqual(Array(5).fill(organization.id));
    const api = await apiClient(docket.url, adminToken).get('/api/admin/usage/export?from=2026-10-01&to=2026-11-01&format=jsonl&granularity=monthly', { 'x-tenantid': organization.id });
    expect(narrowed.out).toBe(api.text);
    expect((await docketCli(args, env)).out.split('\n').length).toBeGreaterThan(6);
    expect(await docketCli([...args, '--organization', '00000000-0000-4000-8000-000000000000'], env)).toMatchObject({ code: 2, err: expect.stringContaining('Docket answered 404') });
  });

  it('says clearly what is missing or wrong', async () => {
    const args = ['usage', 'export', '--from', '2026-10-01', '--to', '2026-11-01'];
    expect(await docketCli(args, { DOCKET_URL: docket.url })).toMatchObject({ code: 2, err: expect.stringContaining('set DOCKET_TOKEN') });
    const { client } = await signUp(docket.url);
    const customerToken = (await client.post('/api/tokens', { name: 'mine', scopes: ['usage:read'] })).body.token;
    expect(await docketCli(args, { DOCKET_URL: docket.url, DOCKET_TOKEN: customerToken })).toMatchObject({
      code: 2,
      err: expect.stringContaining('Docket answered 403: this endpoint is for administrators'),
    });
    expect(await docketCli(['usage', 'export', '--from', '2026-10-15', '--to', '2026-11-01', '--granularity', 'monthly'], { DOCKET_URL: docket.url, DOCKET_TOKEN: adminToken })).toMatchObject({
      code: 2,
      err: expect.stringContaining('from must be the first of a month'),
    });
    expect(await docketCli(['usage', 'export', '--from', '2026-10-01'], { DOCKET_URL: docket.url, DOCKET_TOKEN: adminToken })).toMatchObject({
      code: 1,
      err: expect.stringContaining("required option '--to <date>' not specified"),
    });
    const help = await docketCli(['usage', 'export', '--help'], {});
    expect(help.out).toContain('--granularity <period>');
  });
});
