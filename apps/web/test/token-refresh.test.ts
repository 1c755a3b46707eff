import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as ApiClientModule from '../src/lib/api-client.ts';
import type * as SessionModule from '../src/lib/session.ts';

const user = { id: '9b2f3c1e-8a4d-4f6b-9c0d-1e2f3a4b5c6d', email: 'a@example.com', role: 'user' as const, created_at: '2026-11-24T00:00:00.000Z' };
const sessionResult = (n: number) => ({ user, access_token: `access-${n}`, token_type: 'Bearer', expires_in: 900 });
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

type Call = { path: string; authorization: string | null; session: string | null; credentials: RequestCredentials | undefined; body: unknown };

/**
 * A stand-in for the Docket server's auth behaviour, recording what the client sent. Like the
 * browser, it keeps the refresh cookie itself: the page never gets to see it.
 */
function fakeServer(options: { validToken: string; refreshStatus?: number }) {
  const calls: Call[] = [];
  let issued = 1;
  let valid = options.validToken;
  const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    const headers = new Headers(init?.headers);
    calls.push({ path, authorization: headers.get('authorization'), session: headers.get('x-docket-session'), credentials: init?.credentials, body: init?.body });
    if (path === '/api/auth/refresh') {
      if (options.refreshStatus) return json(options.refreshStatus, { error: { code: 'refused', message: 'no' }, request_id: 'r' });
      issued += 1;
      valid = `access-${issued}`;
      return json(200, sessionResult(issued));
    }
    return headers.get('authorization') === `Bearer ${valid}` ? json(200, { ok: true }) : json(401, { error: { code: 'token_expired', message: 'expired' }, request_id: 'r' });
  }) as typeof fetch;
  const paths = () => calls.map((call) => `${call.path} ${call.authorization ?? ''}`.trim());
  return { fetcher, calls, paths };
}

// The session lives in module memory: every test starts from a fresh page load.
let client: typeof ApiClientModule;
let session: typeof SessionModule;
beforeEach(async () => {
  vi.resetModules();
  localStorage.clear();
  session = await import('../src/lib/session.ts');
  client = await import('../src/lib/api-client.ts');
});

const signedIn = (accessToken: string, expiresInMs: number) => session.writeSession({ user, accessToken, expiresAt: Date.now() + expiresInMs });

describe('silent token refresh', () => {
  it('refreshes an access token about to expire before sending the request, with the cookie and nothing else', async () => {
    signedIn('access-1', 30_000);
    const server = fakeServer({ validToken: 'access-2' });
    await expect(client.api('/api/history/stats', {}, server.fetcher)).resolves.toEqual({ ok: true });
    expect(server.paths()).toEqual(['/api/auth/refresh', '/api/history/stats Bearer access-2']);
    expect(server.calls[0]).toMatchObject({ session: 'cookie', credentials: 'same-origin', authorization: null, body: undefined });
    expect(session.readSession()?.accessToken).toBe('access-2');
  });

  it('shares one refresh between concurrent requests (a rotated token must not be reused)', async () => {
    signedIn('access-1', -1);
    const server = fakeServer({ validToken: 'access-2' });
    await Promise.all([1, 2, 3].map(() => client.api('/api/jobs', {}, server.fetcher)));
    expect(server.paths().filter((call) => call === '/api/auth/refresh')).toHaveLength(1);
  });

  it('retries once with a fresh token after a 401', async () => {
    signedIn('access-1', 600_000);
    const server = fakeServer({ validToken: 'access-2' });
    await expect(client.api('/api/jobs', {}, server.fetcher)).resolves.toEqual({ ok: true });
    expect(server.paths()).toEqual(['/api/jobs Bearer access-1', '/api/auth/refresh', '/api/jobs Bearer access-2']);
  });

  it('ends the session when the refresh is refused', async () => {
    signedIn('access-1', 600_000);
    const server = fakeServer({ validToken: 'nothing-valid', refreshStatus: 401 });
    const error = await client.api('/api/jobs', {}, server.fetcher).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ApiError', status: 401 });
    expect(session.readSession()).toBeNull();
  });

  it('keeps the session when a refresh is only turned away for now (rate limited)', async () => {
    signedIn('access-1', 30_000);
    const server = fakeServer({ validToken: 'access-1', refreshStatus: 429 });
    await expect(client.api('/api/jobs', {}, server.fetcher)).resolves.toEqual({ ok: true });
    expect(session.readSession()?.accessToken).toBe('access-1');
  });
});

describe('page load', () => {
  it('restores the session from the refresh cookie, once', async () => {
    const server = fakeServer({ validToken: 'access-2' });
    expect(session.isSessionKnown()).toBe(false);
    const [first, second] = await Promise.all([client.restoreSession(server.fetcher), client.restoreSession(server.fetcher)]);
    expect(first?.accessToken).toBe('access-2');
    expect(second).toEqual(first);
    await client.restoreSession(server.fetcher);
    expect(server.paths()).toEqual(['/api/auth/refresh']);
  });

  it('knows it is signed out when there is no cookie to restore from', async () => {
    const server = fakeServer({ validToken: 'access-2', refreshStatus: 401 });
    expect(await client.restoreSession(server.fetcher)).toBeNull();
    expect(session.isSessionKnown()).toBe(true);
  });

  it('keeps no token in localStorage, and forgets the tokens an earlier version kept there', async () => {
    localStorage.setItem('docket.session', JSON.stringify({ accessToken: 'old-access', refreshToken: 'drt_old' }));
    localStorage.setItem('docket.theme', 'dark');
    const server = fakeServer({ validToken: 'access-2' });
    await client.restoreSession(server.fetcher);
    await client.api('/api/jobs', {}, server.fetcher);
    expect(Object.keys(localStorage)).toEqual(['docket.theme']);
    expect(JSON.stringify({ ...localStorage })).not.toMatch(/access-|drt_/);
  });
});
