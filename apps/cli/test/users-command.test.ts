import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Db } from '@docket/db/create-prisma';
import { createTestDatabase } from '@docket/db/test-support/test-database';

const ROOT = path.resolve(import.meta.dirname, '../../..');
let database: { databaseUrl: string; drop(): Promise<void> };
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  ({ db } = createDatabase({ databaseUrl: database.databaseUrl, maxConnections: 1 }));
  await db.user.create({ data: { email: 'ops@example.com', passwordHash: 'x' } });
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

/** The CLI as an operator runs it: a separate process, through the package's bin. */
function docket(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'apps/cli/bin/docket.mjs'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('docket users', () => {
  const roleOf = async (email: string) => (await db.user.findUniqueOrThrow({ where: { email } })).role;
  const run = (...args: string[]) => docket(['users', ...args], { DATABASE_URL: database.databaseUrl });

  it('promotes an account to system admin and demotes it, by email, whatever its case', async () => {
    expect(run('promote', 'OPS@example.com')).toMatchObject({ code: 0, out: 'OPS@example.com is now a system admin\n' });
    expect(await roleOf('ops@example.com')).toBe('system_admin');
    expect(run('promote', 'ops@example.com')).toMatchObject({ code: 0, out: 'ops@example.com is already a system admin\n' });

    expect(run('demote', 'ops@example.com')).toMatchObject({ code: 0, out: 'ops@example.com is now a user\n' });
    expect(await roleOf('ops@example.com')).toBe('user');
  });

  it('grants and revokes super admin; promote never lowers a super admin, demote takes every right away', async () => {
    expect(run('grant-super', 'ops@example.com')).toMatchObject({ code: 0, out: 'ops@example.com is now a super admin\n' });
    expect(await roleOf('ops@example.com')).toBe('super_admin');
    expect(run('promote', 'ops@example.com')).toMatchObject({ code: 0, out: 'ops@example.com is a super admin; promote changes only user accounts, so nothing changed\n' });
    expect(await roleOf('ops@example.com')).toBe('super_admin');

    expect(run('revoke-super', 'ops@example.com')).toMatchObject({ code: 0, out: 'ops@example.com is now a system admin\n' });
    expect(await roleOf('ops@example.com')).toBe('system_admin');
    expect(run('revoke-super', 'ops@example.com').out).toBe('ops@example.com is already a system admin\n');

    run('grant-super', 'ops@example.com');
    expect(run('demote', 'ops@example.com').out).toBe('ops@example.com is now a user\n');
    expect(await roleOf('ops@example.com')).toBe('user');
    expect(run('revoke-super', 'ops@example.com').out).toBe('ops@example.com is a user; revoke-super changes only super admin accounts, so nothing changed\n');
    expect(await roleOf('ops@example.com')).toBe('user');
  });

  it('lists the operators, super admins first', async () => {
    expect(run('operators')).toMatchObject({ code: 0, out: 'no operators: `docket users promote <email>` makes one\n' });
    await db.user.createMany({ data: [{ email: 'zed@example.com', passwordHash: 'x' }, { email: 'amy@example.com', passwordHash: 'x' }, { email: 'bob@example.com', passwordHash: 'x' }] });
    run('promote', 'zed@example.com');
    run('promote', 'amy@example.com');
    run('grant-super', 'zed@example.com');
    expect(run('operators').out).toBe('super_admin\tzed@example.com\nsystem_admin\tamy@example.com\n');
  });

  it('says so and exits 1 for an unknown email', () => {
    expect(docket(['users', 'promote', 'nobody@example.com'], { DATABASE_URL: database.databaseUrl })).toMatchObject({
      code: 1,
      err: 'no account with email nobody@example.com\n',
    });
  });

  it('explains usage errors and has --help for every command', () => {
    const missing = docket(['users', 'promote'], { DATABASE_URL: database.databaseUrl });
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/missing required argument 'email'/);
    expect(docket(['users', '--help'], {})).toMatchObject({ code: 0, out: expect.stringMatching(/promote <email>[\s\S]*demote <email>[\s\S]*grant-super <email>[\s\S]*revoke-super <email>[\s\S]*operators/) });
    expect(docket(['migrate', '--help'], {}).code).toBe(0);
  });

  it('works on the embedded database of a stopped Docket', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'docket-cli-'));
    try {
      expect(docket(['migrate'], { DATA_DIR: dataDir })).toMatchObject({ code: 0, out: expect.stringMatching(/^applied \d+ migration/) });
      expect(docket(['migrate'], { DATA_DIR: dataDir }).out).toBe('database is up to date\n');
      expect(docket(['users', 'promote', 'a@example.com'], { DATA_DIR: dataDir }).code).toBe(1);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('docket reconcile', () => {
  it('reports drift with exit 1, repairs it with --repair, then reports none', async () => {
    const [user] = await db.user.findMany({ take: 1 });
    await db.$executeRaw`INSERT INTO user_counters (user_id, slot, jobs_failed) VALUES (${user!.id}::uuid, 3, 2)`;
    const report = docket(['reconcile'], { DATABASE_URL: database.databaseUrl });
    expect(report.code).toBe(1);
    expect(report.out).toContain(`user counters ${user!.id}`);
    expect(report.out).toMatch(/maintained: .*jobs_failed=2/);
    expect(report.out).toMatch(/checked \d+ user\(s\) and \d+ organisation\(s\): 1 difference\(s\)\n$/);

    expect(docket(['reconcile', '--repair'], { DATABASE_URL: database.databaseUrl })).toMatchObject({ code: 0, out: expect.stringMatching(/repaired\n$/) });
    expect(docket(['reconcile'], { DATABASE_URL: database.databaseUrl })).toMatchObject({ code: 0, out: expect.stringMatching(/no drift\n$/) });
  });
});
