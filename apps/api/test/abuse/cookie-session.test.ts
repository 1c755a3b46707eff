import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthResultSchema, SessionResultSchema } from '@docket/contracts/auth';
import { apiClient, type Reply } from '../support/api-client.ts';
import { startTestDocket, type TestDocket } from '../support/test-docket.ts';

let docket: TestDocket;
beforeAll(async () => {
  docket = await startTestDocket({ RUN_WORKER: 'false' });
});
afterAll(async () => {
  await docket?.stop();
});

const credentials = () => ({ email: `user-${randomUUID()}@example.com`, password: 'correct horse battery staple' });

/** What the dashboard sends: the cookie-session header, its own Origin, and the cookie once it has one. */
function dashboard(extra: { cookie?: string; origin?: string | null } = {}) {
  const origin = extra.origin === undefined ? docket.url : extra.origin;
  return {
    'x-docket-session': 'cookie',
    ...(origin === null ? {} : { origin }),
    ...(extra.cookie ? { cookie: `theme=dark; ${extra.cookie}` } : {}),
  };
}

/** `docket_refresh=…` from a Set-Cookie header, with its attributes. */
function refreshCookie(reply: Reply): { pair: string; attributes: string[] } {
  const header = reply.headers.getSetCookie().find((cookie) => cookie.startsWith('docket_refresh='));
  if (!header) throw new Error(`no refresh cookie set: ${reply.status} ${reply.text}`);
  const [pair, ...attributes] = header.split(';').map((part) => part.trim());
  return { pair: pair!, attributes };
}

async function signInWithCookie() {
  const reply = await apiClient(docket.url).post('/api/auth/register', credentials(), dashboard());
  expect(reply.status).toBe(201);
  return { reply, cookie: refreshCookie(reply).pair };
}

describe('cookie sessions (the dashboard)', () => {
  it('keeps the refresh token out of the answer and in an HttpOnly, Secure, SameSite=Strict cookie scoped to /api/auth', async () => {
    const { reply, cookie } = await signInWithCookie();
    const body = SessionResultSchema.strict().parse(reply.body);
    expect(body.access_token).toBeTruthy();
    expect(reply.text).not.toContain(cookie.split('=')[1]);
    const { attributes } = refreshCookie(reply);
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/api/auth', `Max-Age=${30 * 24 * 3600}`]));
  });

  it('refreshes from the cookie alone, rotating it, and treats a replayed cookie as theft', async () => {
    const { cookie } = await signInWithCookie();
    const refreshed = await apiClient(docket.url).post('/api/auth/refresh', undefined, dashboard({ cookie }));
    expect(refreshed.status).toBe(200);
    expect(SessionResultSchema.strict().parse(refreshed.body).user.email).toMatch(/@example\.com$/);
    const rotated = refreshCookie(refreshed).pair;
    expect(rotated).not.toBe(cookie);
    expect((await apiClient(docket.url).post('/api/auth/refresh', undefined, dashboard({ cookie }))).status).toBe(401);
    expect((await apiClient(docket.url).post('/api/auth/refresh', undefined, dashboard({ cookie: rotated }))).status).toBe(401);
  });

  it('refuses cookie refresh, sign-out and sign-in from a foreign Origin, or with none, with 403', async () => {
    const { cookie } = await signInWithCookie();
    for (const origin of ['https://evil.example', 'null', null]) {
      for (const path of ['/api/auth/refresh', '/api/auth/logout']) {
        const reply = await apiClient(docket.url).post(path, undefined, dashboard({ cookie, origin }));
        expect(reply.status).toBe(403);
        expect(reply.body.error.code).toBe('forbidden');
        expect(reply.headers.getSetCookie()).toEqual([]);
      }
      expect((await apiClient(docket.url).post('/api/auth/login', credentials(), dashboard({ origin }))).status).toBe(403);
    }
    // The session survived every foreign attempt.
    expect((await apiClient(docket.url).post('/api/auth/refresh', undefined, dashboard({ cookie }))).status).toBe(200);
  });

  it('signs out: the cookie is cleared and its refresh token no longer works', async () => {
    const { cookie } = await signInWithCookie();
    const logout = await apiClient(docket.url).post('/api/auth/logout', undefined, dashboard({ cookie }));
    expect(logout.status).toBe(204);
    const cleared = refreshCookie(logout);
    expect(cleared.pair).toBe('docket_refresh=');
    expect(cleared.attributes).toEqual(expect.arrayContaining(['Path=/api/auth', 'Expires=Thu, 01 Jan 1970 00:00:00 GMT']));
    expect((await apiClient(docket.url).post('/api/auth/refresh', undefined, dashboard({ cookie }))).status).toBe(401);
  });

  it('answers a refresh without a cookie with 401, and a sign-out without one with 204', async () => {
    const refresh = await apiClient(docket.url).post('/api/auth/refresh', undefined, dashboard());
    expect(refresh.status).toBe(401);
    expect(refresh.body.error.message).toMatch(/sign in again/);
    expect((await apiClient(docket.url).post('/api/auth/logout', undefined, dashboard())).status).toBe(204);
  });
});

describe('API clients', () => {
  it('keep the documented JSON tokens and get no cookie', async () => {
    const reply = await apiClient(docket.url).post('/api/auth/register', credentials());
    expect(AuthResultSchema.parse(reply.body).refresh_token).toMatch(/^drt_/);
    expect(reply.headers.getSetCookie()).toEqual([]);
    const refreshed = await apiClient(docket.url).post('/api/auth/refresh', { refresh_token: reply.body.refresh_token }, { origin: 'https://anywhere.example' });
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers.getSetCookie()).toEqual([]);
  });
});
