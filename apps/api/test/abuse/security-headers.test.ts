import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, signUp, type Reply } from '../support/api-client.ts';
import { startTestDocket, type TestDocket } from '../support/test-docket.ts';

let docket: TestDocket;
beforeAll(async () => {
  docket = await startTestDocket({ RUN_WORKER: 'false' });
});
afterAll(async () => {
  await docket?.stop();
});

const anonymous = () => apiClient(docket.url);

function directives(reply: Reply): Map<string, string> {
  const policy = reply.headers.get('content-security-policy') ?? '';
  return new Map(policy.split(';').map((directive) => directive.trim().split(/\s+(.*)/s).slice(0, 2) as [string, string]));
}

describe('security headers', () => {
  it('puts nosniff, a referrer policy, framing protection and a strict CSP on every answer: success, error, unknown path', async () => {
    const { client } = await signUp(docket.url);
    const replies = [await anonymous().get('/healthz'), await client.get('/api/history/stats'), await anonymous().get('/api/auth/me'), await anonymous().get('/api/nope'), await anonymous().post('/api/auth/login', { email: 'x' })];
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 401, 404, 400]);
    for (const reply of replies) {
      expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
      expect(reply.headers.get('referrer-policy')).toBe('no-referrer');
      expect(reply.headers.get('x-frame-options')).toBe('DENY');
      const csp = directives(reply);
      expect(csp.get('default-src')).toBe("'self'");
      expect(csp.get('object-src')).toBe("'none'");
      expect(csp.get('frame-ancestors')).toBe("'none'");
      expect(csp.get('script-src')).toBe("'self'");
      expect(csp.get('style-src')).toBe("'self'");
      expect(reply.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(reply.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('sends HSTS only when the request came over HTTPS (here: through a proxy on loopback that says so)', async () => {
    expect((await anonymous().get('/healthz')).headers.get('strict-transport-security')).toBeNull();
    const https = await anonymous().get('/healthz', { 'x-forwarded-proto': 'https' });
    expect(https.headers.get('strict-transport-security')).toMatch(/^max-age=\d{8,}/);
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  it('answers this host, and refuses any other client with a hint to set METRICS_TOKEN', async () => {
    const local = await anonymous().get('/metrics');
    expect(local.status).toBe(200);
    expect(local.text).toContain('docket_jobs');
    // A client elsewhere, as a reverse proxy on this host reports it.
    const remote = await anonymous().get('/metrics', { 'x-forwarded-for': '203.0.113.9' });
    expect(remote.status).toBe(403);
    expect(remote.body.error.message).toMatch(/METRICS_TOKEN/);
    expect(remote.text).not.toContain('docket_jobs');
  });
});
