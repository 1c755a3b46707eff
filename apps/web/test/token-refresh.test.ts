import { beforeEach, describe, expect, it } from 'vitest';
import { api } from '../src/lib/api-client.ts';
import { ApiError } from '../src/lib/api-error.ts';
import { readSession, writeSession } from '../src/lib/session.ts';

const user = { id: '9b2f3c1e-8a4d-4f6b-9c0d-1e2f3a4b5c6d', email: 'a@example.com', role: 'user' as const, created_at: '2026-11-24T00:00:00.000Z' };
const authResult = (n: number) => ({ user, access_token: `access-${n}`, refresh_token: `refresh-${n}`, token_type: 'Bearer', expires_in: 900 });
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A stand-in for the Docket server's auth behaviour, recording what the client sent. */
function fakeServer(options: { validToken: string; refreshWorks?: boolean }) {
  const calls: string[] = [];
  let issued = 1;
  let valid = options.validToken;
  const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    const auth = new Headers(init?.headers).get('authorization');
    calls.push(`${path} ${auth ?? ''}`.trim());
    if (path === '/api/auth/refresh') {
      if (options.refreshWorks === false) return json(401, { error: { code: 'invalid_token', message: 'refresh token is invalid' }, request_id: 'r' });
      issued += 1;
      valid = `access-${issued}`;
      return json(200, authResult(issued));
    }
    return auth === `Bearer ${valid}` ? json(200, { ok: true }) : json(401, { error: { code: 'token_expired', message: 'expired' }, request_id: 'r' });
  }) as typeof fetch;
  return { fetcher, calls };
}

beforeEach(() => localStorage.clear());

describe('silent token refresh', () => {
  it('refreshes an access token about to expire before sending the request', async () => {
    writeSession({ user, accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: Date.now() + 30_000 });
    const server = fakeServer({ validToken: 'access-2' });
    await expect(api('/api/history/stats', {}, server.fetcher)).resolves.toEqual({ ok: true });
    expect(server.calls).toEqual(['/api/auth/refresh', '/api/history/stats Bearer access-2']);
    expect(readSession()?.refreshToken).toBe('refresh-2');
  });

  it('shares one refresh between concurrent requests (a rotated token must not be reused)', async () => {
    writeSession({ user, accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: Date.now() - 1 });
    const server = fakeServer({ validToken: 'access-2' });
    await Promise.all([1, 2, 3].map(() => api('/api/jobs', {}, server.fetcher)));
    expect(server.calls.filter((call) => call === '/api/auth/refresh')).toHaveLength(1);
  });

  it('retries once with a fresh token after a 401', async () => {
    writeSession({ user, accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: Date.now() + 600_000 });
    const server = fakeServer({ validToken: 'access-2' });
    await expect(api('/api/jobs', {}, server.fetcher)).resolves.toEqual({ ok: true });
    expect(server.calls).toEqual(['/api/jobs Bearer access-1', '/api/auth/refresh', '/api/jobs Bearer access-2']);
  });

  it('ends the session when the refresh token is refused', async () => {
    writeSession({ user, accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: Date.now() + 600_000 });
    const server = fakeServer({ validToken: 'nothing-valid', refreshWorks: false });
    const error = await api('/api/jobs', {}, server.fetcher).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401 });
    expect(readSession()).toBeNull();
  });
});
