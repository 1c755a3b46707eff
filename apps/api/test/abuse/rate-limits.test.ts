import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type Reply } from '../support/api-client.ts';
import { expectRateLimited } from '../support/expect-rate-limited.ts';
import { startTestDocket, type TestDocket } from '../support/test-docket.ts';

// Small quotas, so each limiter is reached in a few requests. The test process talks from
// 127.0.0.1, a trusted proxy address: an X-Forwarded-For header gives each test its own
// client address, as a reverse proxy would.
const LIMITS = {
  RATE_LIMIT_SIGN_IN_IP: '5/1m',
  RATE_LIMIT_SIGN_IN_EMAIL: '3/1m',
  RATE_LIMIT_REFRESH_IP: '4/1m',
  RATE_LIMIT_REFRESH_ACCOUNT: '2/1m',
  RATE_LIMIT_UPLOADS: '2/1m',
  RATE_LIMIT_REDELIVERIES: '1/1m',
  RATE_LIMIT_TOKEN_CREATION: '2/1h',
  RATE_LIMIT_WEBHOOKS: '2/1m',
};

let first: TestDocket;
let second: TestDocket;
beforeAll(async () => {
  first = await startTestDocket({ RUN_WORKER: 'false', ...LIMITS });
  // A second API process of the same installation: same database, its own memory.
  second = await startTestDocket({ RUN_WORKER: 'false', ...LIMITS }, { sharing: first });
});
afterAll(async () => {
  await second?.stop();
  await first?.stop();
});

let lastAddress = 0;
/** A client address no other test uses. */
const newAddress = () => `198.51.100.${++lastAddress}`;
const from = (address: string) => ({ 'x-forwarded-for': address });
const credentials = (email = `user-${randomUUID()}@example.com`) => ({ email, password: 'correct horse battery staple' });

async function register(docket: TestDocket) {
  const reply = await apiClient(docket.url).post('/api/auth/register', credentials(), from(newAddress()));
  expect(reply.status).toBe(201);
  return { client: apiClient(docket.url, reply.body.access_token), accessToken: reply.body.access_token as string, refreshToken: reply.body.refresh_token as string };
}

describe('sign-in and sign-up', () => {
  it('limits attempts per email address, from any number of addresses', async () => {
    const target = credentials();
    const replies: Reply[] = [];
    for (let i = 0; i < 4; i++) replies.push(await apiClient(first.url).post('/api/auth/login', { ...target, password: `guess ${i}` }, from(newAddress())));
    expect(replies.slice(0, 3).map((reply) => reply.status)).toEqual([401, 401, 401]);
    expect(replies[0]!.headers.get('ratelimit')).toMatch(/"sign-in-email";r=2;t=\d+/);
    expectRateLimited(replies[3]!, 'sign-in-email', 3, 60);
    // Sign-up of that address counts against the same quota.
    expectRateLimited(await apiClient(first.url).post('/api/auth/register', target, from(newAddress())), 'sign-in-email', 3, 60);
  });

  it('limits attempts per client address, whatever the email', async () => {
    const address = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await apiClient(first.url).post('/api/auth/login', credentials(), from(address))).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expectRateLimited(await apiClient(first.url).post('/api/auth/register', credentials(), from(address)), 'sign-in-ip', 5, 60);
    // Another address is not affected.
    expect((await apiClient(first.url).post('/api/auth/register', credentials(), from(newAddress()))).status).toBe(201);
  });
});

describe('refresh', () => {
  it('limits refreshes per client address, even with tokens that do not exist', async () => {
    const address = newAddress();
    for (let i = 0; i < 4; i++) expect((await apiClient(first.url).post('/api/auth/refresh', { refresh_token: `drt_made_up_${i}` }, from(address))).status).toBe(401);
    expectRateLimited(await apiClient(first.url).post('/api/auth/refresh', { refresh_token: 'drt_made_up' }, from(address)), 'refresh-ip', 4, 60);
  });

  it('limits refreshes per account, from any number of addresses', async () => {
    let { refreshToken } = await register(first);
    for (let i = 0; i < 2; i++) {
      const reply = await apiClient(first.url).post('/api/auth/refresh', { refresh_token: refreshToken }, from(newAddress()));
      expect(reply.status).toBe(200);
      refreshToken = reply.body.refresh_token;
    }
    expectRateLimited(await apiClient(first.url).post('/api/auth/refresh', { refresh_token: refreshToken }, from(newAddress())), 'refresh-account', 2, 60);
  });
});

describe('per user or API token', () => {
  it('limits uploads per signed-in user, and gives each API token its own budget', async () => {
    const { client } = await register(first);
    const upload = (as = client) => as.upload([{ name: 'a.txt', content: 'a small document' }]);
    expect((await upload()).status).toBe(202);
    expect((await upload()).status).toBe(202);
    expectRateLimited(await upload(), 'uploads', 2, 60);
    const token = apiClient(first.url, (await client.post('/api/tokens', { name: 'script', scopes: ['jobs:write'] })).body.token);
    expect((await upload(token)).status).toBe(202);
  });

  it('limits "send again" (callback redeliveries) per user, counted before the job is even looked up', async () => {
    const { client } = await register(first);
    expect((await client.post(`/api/jobs/${randomUUID()}/deliveries`)).status).toBe(404);
    expectRateLimited(await client.post(`/api/jobs/${randomUUID()}/deliveries`), 'redeliveries', 1, 60);
  });

  it('limits API tokens created per user', async () => {
    const { client } = await register(first);
    for (let i = 0; i < 2; i++) expect((await client.post('/api/tokens', { name: `t${i}`, scopes: ['jobs:read'] })).status).toBe(201);
    expectRateLimited(await client.post('/api/tokens', { name: 't3', scopes: ['jobs:read'] }), 'token-creation', 2, 3600);
  });
});

async function newEndpoint(): Promise<string> {
  const { client } = await register(first);
  return (await client.post('/api/webhook-endpoints', { name: 'crm' })).body.id;
}
const callWebhook = (id: string) => apiClient(first.url).raw('POST', `/api/webhooks/${id}`, { body: '{}', headers: { 'content-type': 'application/json' } });

describe('inbound webhooks', () => {
  it('limits calls per endpoint before the body is read; made-up endpoint ids are 404 and counted nowhere', async () => {
    const endpoint = await newEndpoint();
    expect((await callWebhook(endpoint)).status).toBe(401); // unsigned
    expect((await callWebhook(endpoint)).status).toBe(401);
    expectRateLimited(await callWebhook(endpoint), 'webhooks', 2, 60);

    const counters = () => first.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM rate_limits`.then(([row]) => Number(row!.n));
    const before = await counters();
    for (let i = 0; i < 5; i++) expect((await callWebhook(randomUUID())).status).toBe(404);
    expect(await counters()).toBe(before);
  });
});

describe('several API processes', () => {
  it('share every quota through the database', async () => {
    const target = credentials();
    for (const docket of [first, second, first]) {
      expect((await apiClient(docket.url).post('/api/auth/login', target, from(newAddress()))).status).toBe(401);
    }
    expectRateLimited(await apiClient(second.url).post('/api/auth/login', target, from(newAddress())), 'sign-in-email', 3, 60);

    const { accessToken } = await register(second);
    const token = (docket: TestDocket) => apiClient(docket.url, accessToken).post('/api/tokens', { name: 'shared', scopes: ['jobs:read'] });
    expect((await token(first)).status).toBe(201);
    expect((await token(second)).status).toBe(201);
    expectRateLimited(await token(first), 'token-creation', 2, 3600);
  });
});

it('counts every refusal in /metrics, by limiter', async () => {
  const refusals = async () => Number((await apiClient(first.url).get('/metrics')).text.match(/docket_rate_limited_total\{limiter="webhooks"\} (\d+)/)?.[1] ?? 0);
  const before = await refusals();
  const endpoint = await newEndpoint();
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) statuses.push((await callWebhook(endpoint)).status);
  expect(statuses).toEqual([401, 401, 429, 429]);
  expect(await refusals()).toBe(before + 2);
});
