import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthResultSchema, UserSchema } from '@docket/contracts/auth';
import { ErrorBodySchema } from '@docket/contracts/common';
import { apiClient, signUp } from './support/api-client.ts';
import { startTestDocket, TEST_JWT_SECRET, type TestDocket } from './support/test-docket.ts';

let docket: TestDocket;
beforeAll(async () => {
  docket = await startTestDocket({ RUN_WORKER: 'false', ADMIN_EMAILS: 'boss@example.com' });
});
afterAll(async () => {
  await docket?.stop();
});

const anonymous = () => apiClient(docket.url);

describe('registration and login', () => {
  it('registers a user and returns tokens in the AuthResult shape', async () => {
    const reply = await anonymous().post('/api/auth/register', { email: 'New.Person@Example.com', password: 'long enough password' });
    expect(reply.status).toBe(201);
    const result = AuthResultSchema.parse(reply.body);
    expect(result.user).toMatchObject({ email: 'new.person@example.com', role: 'user' });
    expect(result.token_type).toBe('Bearer');
    expect(result.expires_in).toBe(900);
  });

  it('grants nothing to an address in the deprecated ADMIN_EMAILS: whoever registers it first is a plain user', async () => {
    const reply = await anonymous().post('/api/auth/register', { email: 'boss@example.com', password: 'long enough password' });
    expect(reply.status).toBe(201);
    expect(reply.body.user.role).toBe('user');
    expect((await apiClient(docket.url, reply.body.access_token).get('/api/admin/stats')).status).toBe(403);
  });

  it('refuses a second account with the same email, whatever its case', async () => {
    await anonymous().post('/api/auth/register', { email: 'twice@example.com', password: 'long enough password' });
    const reply = await anonymous().post('/api/auth/register', { email: 'TWICE@example.com', password: 'another password' });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('email_taken');
  });

  it('rejects an invalid email and a short password with a 400 listing both', async () => {
    const reply = await anonymous().post('/api/auth/register', { email: 'not-an-email', password: 'short' });
    expect(reply.status).toBe(400);
    const body = ErrorBodySchema.parse(reply.body);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toMatch(/email/);
    expect(body.error.message).toMatch(/password must be at least 8/);
  });

  it('rejects malformed JSON with a 400, not a stack trace', async () => {
    const reply = await anonymous().raw('POST', '/api/auth/login', { body: '{"email": ', headers: { 'content-type': 'application/json' } });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ error: { code: 'validation_failed', message: 'request body is not valid JSON' } });
    expect(reply.text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const { auth } = await signUp(docket.url);
    const wrong = await anonymous().post('/api/auth/login', { email: auth.user.email, password: 'wrong password!' });
    const unknown = await anonymous().post('/api/auth/login', { email: 'nobody@example.com', password: 'wrong password!' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error).toEqual(unknown.body.error);
    expect(wrong.body.error.code).toBe('invalid_credentials');
  });

  it('logs in with the right password and /me returns the user', async () => {
    const { auth, password } = await signUp(docket.url);
    const login = await anonymous().post('/api/auth/login', { email: auth.user.email, password });
    expect(login.status).toBe(200);
    const me = await apiClient(docket.url, login.body.access_token).get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(UserSchema.parse(me.body)).toEqual(auth.user);
  });
});

describe('password hashes', () => {
  it('replaces a hash made with older parameters at the next sign-in, and the password keeps working', async () => {
    const { auth, password } = await signUp(docket.url);
    const stored = async () => (await docket.db.user.findUniqueOrThrow({ where: { id: auth.user.id } })).passwordHash;
    expect(await stored()).toMatch(/^scrypt\$1024\$8\$3\$/);
    // The same installation restarted with a higher PASSWORD_COST.
    const upgraded = await startTestDocket({ RUN_WORKER: 'false', PASSWORD_COST: '2048' }, { sharing: docket });
    try {
      expect((await apiClient(upgraded.url).post('/api/auth/login', { email: auth.user.email, password })).status).toBe(200);
      expect(await stored()).toMatch(/^scrypt\$2048\$8\$3\$/);
      expect((await apiClient(upgraded.url).post('/api/auth/login', { email: auth.user.email, password })).status).toBe(200);
    } finally {
      await upgraded.stop();
    }
  });
});

describe('refresh tokens', () => {
  it('rotates: the new refresh token works and the old one stops working', async () => {
    const { auth } = await signUp(docket.url);
    const first = await anonymous().post('/api/auth/refresh', { refresh_token: auth.refresh_token });
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(auth.refresh_token);
    const second = await anonymous().post('/api/auth/refresh', { refresh_token: first.body.refresh_token });
    expect(second.status).toBe(200);
  });

  it('revokes the whole family when a spent refresh token is presented again', async () => {
    const { auth } = await signUp(docket.url);
    const rotated = await anonymous().post('/api/auth/refresh', { refresh_token: auth.refresh_token });
    const reuse = await anonymous().post('/api/auth/refresh', { refresh_token: auth.refresh_token });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.message).toMatch(/already used/);
    // The legitimate successor dies with the family…
    const successor = await anonymous().post('/api/auth/refresh', { refresh_token: rotated.body.refresh_token });
    expect(successor.status).toBe(401);
    // …but access tokens already issued stay valid until they expire.
    expect((await apiClient(docket.url, rotated.body.access_token).get('/api/auth/me')).status).toBe(200);
  });

  it('logout ends the sign-in: its refresh token no longer works', async () => {
    const { auth } = await signUp(docket.url);
    const logout = await anonymous().post('/api/auth/logout', { refresh_token: auth.refresh_token });
    expect(logout.status).toBe(204);
    const reply = await anonymous().post('/api/auth/refresh', { refresh_token: auth.refresh_token });
    expect(reply.status).toBe(401);
  });

  it('rejects an unknown refresh token with 401', async () => {
    const reply = await anonymous().post('/api/auth/refresh', { refresh_token: 'drt_made_up' });
    expect(reply.status).toBe(401);
  });
});

describe('access tokens', () => {
  const me = (token: string) => apiClient(docket.url, token).get('/api/auth/me');

  it('rejects a request without a token', async () => {
    const reply = await anonymous().get('/api/auth/me');
    expect(reply.status).toBe(401);
    expect(reply.body.error.code).toBe('unauthorized');
  });

  it('rejects a token signed with another secret', async () => {
    const { auth } = await signUp(docket.url);
    const forged = jwt.sign({ role: 'super_admin' }, 'some-other-secret-of-enough-length-000000', { subject: auth.user.id, issuer: 'docket', expiresIn: 60 });
    expect((await me(forged)).status).toBe(401);
  });

  it('rejects an expired token with token_expired', async () => {
    const { auth } = await signUp(docket.url);
    const expired = jwt.sign({ role: 'user', exp: Math.floor(Date.now() / 1000) - 10 }, TEST_JWT_SECRET, { subject: auth.user.id, issuer: 'docket' });
    const reply = await me(expired);
    expect(reply.status).toBe(401);
    expect(reply.body.error.code).toBe('token_expired');
  });

  it('rejects an unsigned alg:none token', async () => {
    const { auth } = await signUp(docket.url);
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: auth.user.id, role: 'super_admin', iss: 'docket', exp: Math.floor(Date.now() / 1000) + 600 })}.`;
    expect((await me(unsigned)).status).toBe(401);
  });

  it('rejects a tampered payload', async () => {
    const { auth } = await signUp(docket.url);
    const [header, , signature] = auth.access_token.split('.');
    const payload = Buffer.from(JSON.stringify({ sub: auth.user.id, role: 'super_admin', iss: 'docket', exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
    expect((await me(`${header}.${payload}.${signature}`)).status).toBe(401);
  });
});

describe('conventions', () => {
  it('echoes a sane X-Request-Id and puts it in error bodies', async () => {
    const reply = await anonymous().get('/api/auth/me', { 'x-request-id': 'trace-123' });
    expect(reply.headers.get('x-request-id')).toBe('trace-123');
    expect(reply.body.request_id).toBe('trace-123');
  });

  it('replaces an insane X-Request-Id with its own', async () => {
    const reply = await anonymous().get('/healthz', { 'x-request-id': 'bad id with spaces' });
    expect(reply.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const reply = await anonymous().get('/api/nope');
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('not_found');
  });

  it('reports liveness and readiness', async () => {
    expect((await anonymous().get('/healthz')).status).toBe(200);
    expect((await anonymous().get('/readyz')).body).toEqual({ status: 'ready' });
  });
});
