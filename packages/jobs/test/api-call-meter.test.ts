import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createApiToken } from '@docket/auth/api-tokens';
import { createDatabase } from '@docket/db/create-prisma';
import { testServerUrl } from '@docket/db/test-support/test-database';
import { createApiCallMeter } from '../src/api-call-meter.ts';
import { openDomainFixture, type DomainFixture } from './support/domain-fixture.ts';

let fixture: DomainFixture;
beforeAll(async () => {
  fixture = await openDomainFixture();
});
afterAll(async () => {
  await fixture?.close();
});

const HOUR = 3_600_000;
const clock = () => new Date();
const apiCallsOf = async (organizationIds: string[]) => {
  const [row] = await fixture.db.$queryRaw<{ n: bigint | null }[]>`SELECT sum(api_calls) AS n FROM usage_hourly WHERE organization_id = ANY(${organizationIds}::uuid[])`;
  return Number(row!.n ?? 0);
};

it('flushes early once maxKeys distinct keys are pending, without waiting for the timer', async () => {
  const errors: unknown[] = [];
  const meter = createApiCallMeter({ db: fixture.db, clock, onError: (error) => errors.push(error) }, { flushEveryMs: HOUR, maxKeys: 100 });
  const organizations = Array.from({ length: 250 }, () => randomUUID());
  for (const id of organizations) {
    meter.record(id);
    expect(meter.pendingKeys()).toBeLessThanOrEqual(200);
  }
  await vi.waitFor(async () => expect(await apiCallsOf(organizations)).toBeGreaterThanOrEqual(200), { timeout: 5_000 });
  expect(meter.pendingKeys()).toBeLessThan(100);
  await meter.stop();
  expect(await apiCallsOf(organizations)).toBe(250);
  expect(errors).toEqual([]);
});

it('holds at most twice maxKeys keys while the database cannot be written, and reports the calls it drops', async () => {
  // A real Postgres server, but a database that does not exist: every flush fails.
  const missing = new URL(testServerUrl());
  missing.pathname = `/docket_missing_${randomUUID().slice(0, 8)}`;
  const { db } = createDatabase({ databaseUrl: missing.toString(), maxConnections: 1 });
  const errors: unknown[] = [];
  let dropped = 0;
  const meter = createApiCallMeter({ db, clock, onError: (error) => errors.push(error), onDropped: (calls) => (dropped += calls) }, { flushEveryMs: HOUR, maxKeys: 100 });
  const steady = randomUUID();
  for (let i = 0; i < 10_000; i++) {
    meter.record(steady);
    meter.record(randomUUID(), randomUUID());
    expect(meter.pendingKeys()).toBeLessThanOrEqual(200);
  }
  await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0), { timeout: 5_000 });
  expect(meter.pendingKeys()).toBeLessThanOrEqual(200);
  await meter.flush(); // fails again, and reports what was dropped
  expect(meter.pendingKeys()).toBeLessThanOrEqual(200);
  // Every call is either still pending (a key kept) or was reported dropped: ~9,900 × 2 flood keys.
  expect(dropped).toBeGreaterThan(19_000);
  await meter.stop();
  await db.$disconnect().catch(() => undefined);
});

it('writes the calls of live tokens when a token it counted has been deleted since', async () => {
  const userId = await fixture.createUser();
  const caller = await fixture.caller(userId);
  const [live, gone] = await Promise.all(['live', 'gone'].map((name) => createApiToken(fixture.db, caller, { name, scopes: ['jobs:read'] }, new Date())));
  const errors: unknown[] = [];
  const meter = createApiCallMeter({ db: fixture.db, clock, onError: (error) => errors.push(error) }, { flushEveryMs: HOUR });
  meter.record(caller.organizationId, live!.id);
  meter.record(caller.organizationId, gone!.id);
  await fixture.db.apiToken.delete({ where: { id: gone!.id } });
  await meter.stop();
  expect(errors).toEqual([]);
  expect(meter.pendingKeys()).toBe(0);
  expect(await apiCallsOf([caller.organizationId])).toBe(2);
  const tokenCalls = await fixture.db.apiTokenUsageHourly.findMany({ where: { tokenId: { in: [live!.id, gone!.id] } } });
  expect(tokenCalls.map((row) => [row.tokenId, Number(row.apiCalls)])).toEqual([[live!.id, 1]]);
});
