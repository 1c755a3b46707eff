import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApiConfig } from '../src/config.ts';
import { apiClient, signIn } from './support/api-client.ts';
import { capturedLogger } from './support/captured-logger.ts';
import { startTestDocket, type TestDocket } from './support/test-docket.ts';

const PASSWORD = 'the operator’s password';

let docket: TestDocket;
beforeAll(async () => {
  docket = await startTestDocket({ RUN_WORKER: 'false', ADMIN_EMAIL: 'Root@Example.com', ADMIN_PASSWORD: PASSWORD });
});
afterAll(async () => {
  await docket?.stop();
});

/** Starts (and stops) a second Docket on the same database with `env`: what a restart with new settings does. */
async function restartWith(env: Record<string, string>, logger = capturedLogger().logger) {
  const restarted = await startTestDocket({ RUN_WORKER: 'false', ...env }, { sharing: docket, logger });
  await restarted.stop();
}

const roleOf = async (email: string) => (await docket.db.user.findUniqueOrThrow({ where: { email } })).role;

describe('ADMIN_EMAIL + ADMIN_PASSWORD', () => {
  it('creates that account as a system admin at start-up, before anyone can register the address', async () => {
    const admin = await signIn(docket.url, 'root@example.com', PASSWORD);
    expect((await admin.get('/api/auth/me')).body).toMatchObject({ email: 'root@example.com', role: 'system_admin' });
    expect((await admin.get('/api/admin/stats')).status).toBe(200);
    const squatter = await apiClient(docket.url).post('/api/auth/register', { email: 'root@example.com', password: 'someone else’s password' });
    expect(squatter.body.error.code).toBe('email_taken');
  });

  it('promotes an existing account at the next start only when ADMIN_PASSWORD is its password', async () => {
    await apiClient(docket.url).post('/api/auth/register', { email: 'ops@example.com', password: PASSWORD });
    expect(await roleOf('ops@example.com')).toBe('user');
    await restartWith({ ADMIN_EMAIL: 'ops@example.com', ADMIN_PASSWORD: PASSWORD });
    expect(await roleOf('ops@example.com')).toBe('system_admin');
  });

  it('never lowers a role: a super admin named by ADMIN_EMAIL stays a super admin', async () => {
    await docket.db.user.update({ where: { email: 'ops@example.com' }, data: { role: 'super_admin' } });
    await restartWith({ ADMIN_EMAIL: 'ops@example.com', ADMIN_PASSWORD: PASSWORD });
    expect(await roleOf('ops@example.com')).toBe('super_admin');
  });

  it('refuses to start, saying why, when the address belongs to an account with another password', async () => {
    await apiClient(docket.url).post('/api/auth/register', { email: 'squatter@example.com', password: 'registered it first' });
    await expect(restartWith({ ADMIN_EMAIL: 'squatter@example.com', ADMIN_PASSWORD: PASSWORD })).rejects.toThrow(
      /ADMIN_EMAIL squatter@example\.com belongs to an existing account whose password is not ADMIN_PASSWORD.*docket users promote/,
    );
    expect(await roleOf('squatter@example.com')).toBe('user');
  });

  it('is both settings or neither', () => {
    expect(() => loadApiConfig({ ADMIN_EMAIL: 'ops@example.com' })).toThrow(/ADMIN_EMAIL and ADMIN_PASSWORD go together/);
    expect(() => loadApiConfig({ ADMIN_EMAIL: 'ops@example.com', ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD: password must be at least 8 characters/);
  });
});

describe('ADMIN_EMAILS (deprecated)', () => {
  it('grants nothing at start-up and warns, naming what to use instead', async () => {
    await apiClient(docket.url).post('/api/auth/register', { email: 'hopeful@example.com', password: 'long enough password' });
    const { logger, lines } = capturedLogger();
    await restartWith({ ADMIN_EMAILS: 'hopeful@example.com' }, logger);
    expect(await roleOf('hopeful@example.com')).toBe('user');
    const warning = lines.find((line) => line.msg.startsWith('ADMIN_EMAILS is deprecated'));
    expect(warning?.level).toBe(40);
    expect(warning?.msg).toMatch(/grants nothing.*docket users promote <email>.*ADMIN_EMAIL and ADMIN_PASSWORD/);
  });
});
