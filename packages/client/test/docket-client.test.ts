import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, signUp } from '../../../apps/api/test/support/api-client.ts';
import { TEST_JWT_SECRET, startTestDocket, type TestDocket } from '../../../apps/api/test/support/test-docket.ts';
import { startTestIdentityProvider, type TestIdentityProvider } from '../../auth/test-support/test-identity-provider.ts';
import { createDocketClient, DocketConnectionError, DocketError, sessionOf, signIn, type Session } from '../src/docket-client.ts';

let docket: TestDocket;
let idp: TestIdentityProvider;
beforeAll(async () => {
  // An identity provider with an organisations claim, for the identity links.
  idp = await startTestIdentityProvider({ audience: 'docket', realm: 'corp' });
  // Three uploads a second per caller: enough for every test, few enough to see the client wait out a 429.
  docket = await startTestDocket({
    RATE_LIMIT_UPLOADS: '3/1s',
    ADMIN_EMAIL: 'billing@example.com',
    ADMIN_PASSWORD: 'operator password',
    OIDC_ISSUERS: JSON.stringify([{ issuer: idp.issuer, audience: 'docket', realm: 'corp', organizations_claim: 'groups' }]),
  });
});
afterAll(async () => {
  await docket?.stop();
  await idp?.stop();
});

/** The real fetch, with every request it sends kept for the test to look at. */
function recordingFetch() {
  const sent: Request[] = [];
  const answered: Response[] = [];
  const send = async (request: Request) => {
    sent.push(request.clone());
    const response = await fetch(request);
    answered.push(response.clone());
    return response;
  };
  return { sent, answered, fetch: send as typeof fetch };
}

/** A fresh user's API token with `scopes`. */
async function apiToken(scopes: string[]): Promise<string> {
  const { client } = await signUp(docket.url);
  return (await client.post('/api/tokens', { name: 'client test', scopes })).body.token;
}

/** A port nothing listens on: one the system just handed out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const text = (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

describe('@docket/client with an API token', () => {
  it('submits files as one job under a generated Idempotency-Key, and a repeated key returns the same job', async () => {
    const recorder = recordingFetch();
    const client = createDocketClient({ baseUrl: docket.url, token: await apiToken(['jobs:read', 'jobs:write']), fetch: recorder.fetch });

    const job = await client.submit([{ name: 'a.txt', content: 'first document' }, new File(['second document'], 'b.txt')]);
    expect(job).toMatchObject({ job_type: 'batch', total_documents: 2 });
    expect(job.documents.map((document) => document.filename)).toEqual(['a.txt', 'b.txt']);
    const key = recorder.sent[0]!.headers.get('idempotency-key');
    expect(key).toMatch(/^[0-9a-f-]{36}$/);

    const other = await client.submit([{ name: 'c.txt', content: 'another' }]);
    expect(other.id).not.toBe(job.id);
    expect(recorder.sent[1]!.headers.get('idempotency-key')).not.toBe(key);

    const replayed = await client.submit([{ name: 'a.txt', content: 'first document' }], { idempotencyKey: key! });
    expect(replayed.id).toBe(job.id);
  });

  it('walks every page of a list with an async iterator, newest first, each item once', async () => {
    const recorder = recordingFetch();
    const client = createDocketClient({ baseUrl: docket.url, token: await apiToken(['jobs:read', 'jobs:write']), fetch: recorder.fetch });
    const submitted: string[] = [];
    for (let i = 0; i < 5; i++) submitted.push((await client.submit([{ name: `${i}.txt`, content: `document ${i}` }])).id);

    const seen: string[] = [];
    for await (const job of client.jobs({ limit: 2 })) seen.push(job.id);
    expect(seen).toEqual([...submitted].reverse());
    expect(recorder.sent.filter((request) => new URL(request.url).pathname === '/api/jobs' && request.method === 'GET')).toHaveLength(3);

    // A loop that stops early fetches no further page.
    const before = recorder.sent.length;
    for await (const job of client.jobs({ limit: 2 })) {
      expect(job.id).toBe(submitted[4]);
      break;
    }
    expect(recorder.sent.length).toBe(before + 1);
  });

  it('waits out a 429 after its Retry-After when the request is safe to repeat, and throws it when told not to retry', async () => {
    const recorder = recordingFetch();
    const token = await apiToken(['jobs:write']);
    const client = createDocketClient({ baseUrl: docket.url, token, fetch: recorder.fetch });
    const jobs = await Promise.all([0, 1, 2, 3].map((i) => client.submit([{ name: `${i}.txt`, content: `burst ${i}` }])));
    expect(new Set(jobs.map((job) => job.id)).size).toBe(4);
    const refused = recorder.answered.filter((response) => response.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    // The retry repeated the upload under the same key: one job per submit, none twice.
    const keys = recorder.sent.map((request) => request.headers.get('idempotency-key'));
    expect(new Set(keys).size).toBe(4);

    const impatient = createDocketClient({ baseUrl: docket.url, token, maxRetries: 0 });
    const burst = await Promise.allSettled([0, 1, 2, 3].map((i) => impatient.submit([{ name: `${i}.txt`, content: `again ${i}` }])));
    const rejection = burst.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult | undefined;
    expect(rejection?.reason).toBeInstanceOf(DocketError);
    expect(rejection?.reason).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: expect.any(Number) });
  });

  it('streams a document’s text', async () => {
    const client = createDocketClient({ baseUrl: docket.url, token: await apiToken(['jobs:read', 'jobs:write']) });
    const content = `${'A line of a document that streams.\n'.repeat(2000)}the end\n`;
    const job = await client.submit([{ name: 'long.txt', content }]);
    const states: string[] = [];
    const done = await client.waitForJob(job.id, { intervalMs: 50, onUpdate: (update) => states.push(update.status) });
    expect(done.status).toBe('completed');
    expect(states.at(-1)).toBe('completed');
    const stream = await client.documentText(job.id, done.documents[0]!.id);
    expect(stream).toBeInstanceOf(ReadableStream);
    expect((await text(stream)).trim()).toBe(content.trim());
  });

  it('throws errors as DocketError with the code, message and request id of the answer', async () => {
    const client = createDocketClient({ baseUrl: docket.url, token: await apiToken(['jobs:read']) });
    const missing = await client.getJob(randomUUID()).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(DocketError);
    expect(missing).toMatchObject({ status: 404, code: 'not_found', message: 'job not found', requestId: expect.any(String) });

    const forbidden = await client.submit([{ name: 'x.txt', content: 'x' }]).catch((error: unknown) => error);
    expect(forbidden).toMatchObject({ status: 403, code: 'insufficient_scope' });

    const invalid = await client.send((api) => api.GET('/api/jobs', { params: { query: { limit: 500 } } })).catch((error: unknown) => error);
    expect(invalid).toMatchObject({ status: 400, code: 'validation_failed', details: [{ path: 'limit', message: expect.any(String) }] });

    const refused = await createDocketClient({ baseUrl: docket.url, token: 'dkt_wrong' }).me().catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 401, code: 'invalid_token' });

    const closed = await closedPort();
    const unreachable = await createDocketClient({ baseUrl: `http://127.0.0.1:${closed}`, token: 'dkt_x' }).me().catch((error: unknown) => error);
    expect(unreachable).toBeInstanceOf(DocketConnectionError);
    expect((unreachable as Error).message).toMatch(new RegExp(`^cannot reach Docket at http://127\\.0\\.0\\.1:${closed}: .*ECONNREFUSED`));
  });
});

describe('@docket/client with a signed-in session', () => {
  async function session(): Promise<{ session: Session; userId: string }> {
    const { auth } = await signUp(docket.url);
    return { session: sessionOf(auth), userId: auth.user.id };
  }

  it('renews the access token a minute before it expires, once for concurrent requests, and hands over the new session', async () => {
    const { session: start } = await session();
    const recorder = recordingFetch();
    const renewed: Session[] = [];
    const client = createDocketClient({ baseUrl: docket.url, session: { ...start, expiresAt: new Date(Date.now() + 30_000) }, fetch: recorder.fetch, onSession: (next) => void renewed.push(next) });

    const [first, second, third, stats] = await Promise.all([client.me(), client.me(), client.me(), client.send((api) => api.GET('/api/history/stats'))]);
    expect(new Set([first.id, second.id, third.id]).size).toBe(1);
    expect(stats.total_jobs).toBe(0);
    expect(recorder.sent.filter((request) => request.url.endsWith('/api/auth/refresh'))).toHaveLength(1);
    expect(renewed).toHaveLength(1);
    expect(renewed[0]!.refreshToken).not.toBe(start.refreshToken);
    expect(client.session()).toEqual(renewed[0]);
    expect(renewed[0]!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    // Every request went with the renewed token.
    const bearers = recorder.sent.filter((request) => !request.url.endsWith('/api/auth/refresh')).map((request) => request.headers.get('authorization'));
    expect(new Set(bearers)).toEqual(new Set([`Bearer ${renewed[0]!.accessToken}`]));
    // The refresh token it started with is spent.
    expect((await apiClient(docket.url).post('/api/auth/refresh', { refresh_token: start.refreshToken })).status).toBe(401);
  });

  it('renews once after a 401 token_expired and repeats the request', async () => {
    const { session: start, userId } = await session();
    const expired = jwt.sign({ role: 'user' }, TEST_JWT_SECRET, { algorithm: 'HS256', subject: userId, expiresIn: -60, issuer: 'docket' });
    const recorder = recordingFetch();
    const client = createDocketClient({ baseUrl: docket.url, session: { ...start, accessToken: expired }, fetch: recorder.fetch });

    expect((await client.me()).id).toBe(userId);
    expect(recorder.answered.map((response) => response.status)).toEqual([401, 200, 200]);
    expect(recorder.sent.map((request) => new URL(request.url).pathname)).toEqual(['/api/auth/me', '/api/auth/refresh', '/api/auth/me']);
  });

  it('signs in with email and password, and signs out: the refresh token stops working', async () => {
    const email = `client-${randomUUID()}@example.com`;
    await apiClient(docket.url).post('/api/auth/register', { email, password: 'a long enough password' });
    const client = await signIn({ baseUrl: docket.url, email, password: 'a long enough password' });
    expect((await client.me()).email).toBe(email);
    const { refreshToken } = client.session()!;
    await client.signOut();
    expect((await apiClient(docket.url).post('/api/auth/refresh', { refresh_token: refreshToken })).status).toBe(401);

    const wrong = await signIn({ baseUrl: docket.url, email, password: 'not the password' }).catch((error: unknown) => error);
    expect(wrong).toMatchObject({ status: 401, code: 'invalid_credentials' });
  });

  it('streams the billing export to an admin, with where the closed periods end', async () => {
    const admin = await signIn({ baseUrl: docket.url, email: 'billing@example.com', password: 'operator password' });
    await admin.submit([{ name: 'billable.txt', content: 'a document worth metering' }]);
    const month = new Date().toISOString().slice(0, 7);
    const next = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1)).toISOString().slice(0, 10);
    const exported = await admin.exportUsage({ from: `${month}-01`, to: next, granularity: 'monthly', format: 'csv', include_open: 'true' });
    expect(exported.through).toBe(`${next}T00:00:00.000Z`);
    const csv = await text(exported.body);
    expect(csv.split('\r\n')[0]).toBe('record_id,organization_id,user_id,user_email,meter,quantity,unit,period_start,period_end');
    expect(csv).toContain('billing@example.com,jobs_submitted,1,jobs');
  });
});

describe('@docket/client in organisations', () => {
  /** A fresh user signed in through the client, with requests recorded. */
  async function member(recorder = recordingFetch()) {
    const email = `org-${randomUUID()}@example.com`;
    await apiClient(docket.url).post('/api/auth/register', { email, password: 'a long enough password' });
    return { email, recorder, client: await signIn({ baseUrl: docket.url, email, password: 'a long enough password', fetch: recorder.fetch }) };
  }

  it('lists organisations and members, invites, and lets the invitee accept: they then act in it with organizationId', async () => {
    const owner = await member();
    const invitee = await member();
    const team = await owner.client.send((api) => api.POST('/api/organizations', { body: { name: 'Client team' } }));

    const invitation = await owner.client.createInvitation(team.id, { role: 'admin', expiresInDays: 2 });
    expect(invitation).toMatchObject({ role: 'admin', code: expect.stringMatching(/^dki_/), url: expect.stringContaining('/invitations/dki_') });
    expect(new Date(invitation.expires_at).getTime() - new Date(invitation.created_at).getTime()).toBe(2 * 86_400_000);
    const joined = await invitee.client.acceptInvitation(invitation.code);
    expect(joined).toMatchObject({ id: team.id, name: 'Client team', personal: false, role: 'admin' });
    // The code is spent.
    expect(await invitee.client.acceptInvitation(invitation.code).catch((error: unknown) => error)).toMatchObject({ status: 404, code: 'not_found' });

    const theirs = await invitee.client.organizations();
    expect(theirs.map((organization) => [organization.personal, organization.role])).toEqual([[true, 'owner'], [false, 'admin']]);
    expect((await owner.client.members(team.id)).map((m) => [m.email, m.role])).toEqual([[owner.email, 'owner'], [invitee.email, 'admin']]);

    const inTeam = createDocketClient({ baseUrl: docket.url, session: invitee.client.session()!, organizationId: team.id, fetch: invitee.recorder.fetch });
    const before = invitee.recorder.sent.length;
    const job = await inTeam.submit([{ name: 'team.txt', content: 'a team document' }]);
    expect(job.organization_id).toBe(team.id);
    expect((await inTeam.getJob(job.id)).id).toBe(job.id);
    // Every call carried the organisation; without it, the job is not in the personal organisation.
    expect(invitee.recorder.sent.slice(before).map((request) => request.headers.get('x-tenantid'))).toEqual([team.id, team.id]);
    expect(await invitee.client.getJob(job.id).catch((error: unknown) => error)).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('shares one session between the organisations it acts in: a renewal by one serves the other', async () => {
    const recorder = recordingFetch();
    const { auth } = await signUp(docket.url);
    const renewed: Session[] = [];
    const personal = createDocketClient({ baseUrl: docket.url, session: { ...sessionOf(auth), expiresAt: new Date(Date.now() + 30_000) }, fetch: recorder.fetch, onSession: (next) => void renewed.push(next) });
    const team = await personal.send((api) => api.POST('/api/organizations', { body: { name: 'Shared session' } }));
    const inTeam = personal.inOrganization(team.id);
    expect(inTeam.organizationId).toBe(team.id);

    const [ownJobs, teamStats] = await Promise.all([personal.send((api) => api.GET('/api/jobs')), inTeam.send((api) => api.GET('/api/history/stats', { params: { query: { scope: 'organization' } } }))]);
    expect([ownJobs.items, teamStats.total_jobs]).toEqual([[], 0]);
    // One renewal in all (the first request renewed it): a copied session would have spent its refresh token twice and lost the sign-in.
    expect(recorder.sent.filter((request) => request.url.endsWith('/api/auth/refresh'))).toHaveLength(1);
    expect(inTeam.session()).toEqual(personal.session());
    expect(renewed).toHaveLength(1);
    const tenantOf = (path: string) => recorder.sent.filter((request) => new URL(request.url).pathname === path).map((request) => request.headers.get('x-tenantid'));
    expect([tenantOf('/api/organizations'), tenantOf('/api/jobs'), tenantOf('/api/history/stats')]).toEqual([[null], [null], [team.id]]);
  });

  it('keeps API-token clients working: the token acts in its own organisation whatever organizationId says', async () => {
    const owner = await member();
    const team = await owner.client.send((api) => api.POST('/api/organizations', { body: { name: 'Token team' } }));
    const created = await owner.client.inOrganization(team.id).send((api) => api.POST('/api/tokens', { body: { name: 'ci', scopes: ['jobs:read', 'jobs:write'] } }));
    const [personal] = await owner.client.organizations();

    const script = createDocketClient({ baseUrl: docket.url, token: created.token, organizationId: personal!.id });
    const job = await script.submit([{ name: 'ci.txt', content: 'submitted by a script' }]);
    expect(job.organization_id).toBe(team.id);
    expect((await script.getJob(job.id)).organization_id).toBe(team.id);
  });

  it('lists, creates and deletes identity links; a member may not', async () => {
    const [owner, plain] = [await member(), await member()];
    const team = await owner.client.send((api) => api.POST('/api/organizations', { body: { name: 'Linked team' } }));
    expect(await owner.client.identityLinks(team.id)).toEqual({ items: [], next_cursor: null, linkable_issuers: [idp.issuer] });

    const staff = await owner.client.createIdentityLink(team.id, { issuer: idp.issuer, claimValue: 'staff' });
    const leads = await owner.client.createIdentityLink(team.id, { issuer: idp.issuer, claimValue: 'leads', role: 'admin' });
    expect([staff.role, leads.role, leads.claim_value]).toEqual(['member', 'admin', 'leads']);
    expect((await owner.client.identityLinks(team.id)).items.map((link) => link.claim_value)).toEqual(['leads', 'staff']);
    expect(await owner.client.createIdentityLink(team.id, { issuer: 'https://elsewhere.example', claimValue: 'x' }).catch((error: unknown) => error)).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(await owner.client.createIdentityLink(team.id, { issuer: idp.issuer, claimValue: 'staff' }).catch((error: unknown) => error)).toMatchObject({ status: 409, code: 'conflict' });

    await owner.client.deleteIdentityLink(team.id, staff.id);
    expect((await owner.client.identityLinks(team.id)).items.map((link) => link.id)).toEqual([leads.id]);
    expect(await owner.client.deleteIdentityLink(team.id, staff.id).catch((error: unknown) => error)).toMatchObject({ status: 404, code: 'not_found' });

    await plain.client.acceptInvitation((await owner.client.createInvitation(team.id)).code);
    expect(await plain.client.identityLinks(team.id).catch((error: unknown) => error)).toMatchObject({ status: 403, code: 'forbidden' });
    expect(await plain.client.deleteIdentityLink(team.id, leads.id).catch((error: unknown) => error)).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('throws the organisation errors as DocketError: a stranger’s organizationId, an unknown invitation code', async () => {
    const [owner, stranger] = [await member(), await member()];
    const team = await owner.client.send((api) => api.POST('/api/organizations', { body: { name: 'Closed team' } }));
    expect(await stranger.client.inOrganization(team.id).getJob(randomUUID()).catch((error: unknown) => error)).toMatchObject({ status: 403, code: 'forbidden' });
    expect(await stranger.client.members(team.id).catch((error: unknown) => error)).toMatchObject({ status: 403, code: 'forbidden' });
    expect(await stranger.client.acceptInvitation('dki_made-up').catch((error: unknown) => error)).toMatchObject({ status: 404, code: 'not_found' });
    const personal = (await owner.client.organizations())[0]!;
    expect(await owner.client.createInvitation(personal.id).catch((error: unknown) => error)).toMatchObject({ status: 409, code: 'conflict' });
  });
});
