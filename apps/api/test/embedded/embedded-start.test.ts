import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runningEmbeddedPostgresUrl } from '@docket/db/embedded-postgres';
import { makePdf, ENGLISH } from '../../../../test/fixtures/documents.ts';
import { recountHistory, recountJobRows, rollupDifferences } from '../../../../test/support/recount.ts';
import { apiClient, signUp, waitForJob } from '../support/api-client.ts';
import { embeddedDb, embeddedSandbox, type EmbeddedSandbox } from '../support/embedded-docket.ts';
import { ON_EMBEDDED_ENGINE } from '../support/test-docket.ts';
import { docketCli } from '../../../cli/test/support/docket-cli.ts';

// What a newcomer does: `pnpm start` with no DATABASE_URL — Docket runs its own PostgreSQL in
// DATA_DIR. Each test spawns real Docket processes on a fresh DATA_DIR. (Run once, in the
// suite's pass on the embedded engine.)
let sandbox: EmbeddedSandbox;
beforeEach(async () => {
  sandbox = await embeddedSandbox();
});
afterEach(async () => {
  await sandbox.dispose();
});

const pgdata = () => path.join(sandbox.dataDir, 'pgdata');
const postmasterPid = async () => Number((await readFile(path.join(pgdata(), 'postmaster.pid'), 'utf8')).split('\n')[0]);
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.runIf(ON_EMBEDDED_ENGINE)('embedded PostgreSQL', () => {
  it('runs with its own PostgreSQL, shuts down cleanly on SIGINT and keeps its data', async () => {
    const first = await sandbox.start();
    expect(first.process.output()).toMatch(/Database: embedded PostgreSQL 18 in .*pgdata \(Unix socket\)/);
    expect((await apiClient(first.url).get('/readyz')).status).toBe(200);

    const { client, auth, password } = await signUp(first.url);
    const submitted = await client.upload([{ name: 'fox.txt', content: ENGLISH }]);
    expect(submitted.status).toBe(202);
    const job = await waitForJob(client, submitted.body.id);
    expect(job.status).toBe('completed');
    const server = await postmasterPid();

    first.process.child.kill('SIGINT');
    expect(await first.process.exited).toEqual({ code: 0, signal: null });
    expect(first.process.output()).toMatch(/shut down cleanly/);
    expect(isAlive(server)).toBe(false);

    const second = await sandbox.start();
    const login = await apiClient(second.url).post('/api/auth/login', { email: auth.user.email, password });
    expect(login.status).toBe(200);
    const again = apiClient(second.url, login.body.access_token);
    expect((await again.get(`/api/jobs/${job.id}`)).body.status).toBe('completed');
    expect((await again.get('/api/history/stats')).body.documents_processed).toBe(1);
  }, 180_000);

  it('lets nobody else in: a private DATA_DIR, no TCP port, a password on the socket', async () => {
    await sandbox.start();
    const owner = process.getuid?.() === 0 ? 0o710 : 0o700;
    expect((await stat(sandbox.dataDir)).mode & 0o777).toBe(owner);
    expect((await stat(pgdata())).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(sandbox.dataDir, 'database.json'))).mode & 0o777).toBe(0o600);
    // postmaster.pid line 6: the TCP addresses the server listens on — none.
    expect((await readFile(path.join(pgdata(), 'postmaster.pid'), 'utf8')).split('\n')[5]).toBe('');

    const url = new URL((await runningEmbeddedPostgresUrl(sandbox.dataDir))!);
    url.password = 'not-the-password';
    const intruder = new pg.Client({ connectionString: url.toString() });
    await expect(intruder.connect()).rejects.toThrow(/password authentication failed/);

    // Another local account cannot even reach the socket.
    if (process.getuid?.() === 0) {
      const socket = path.join(pgdata(), '.s.PGSQL.5432');
      const probe = spawn(process.execPath, ['-e', `require('net').connect(${JSON.stringify(socket)}).on('connect', () => process.exit(0)).on('error', (e) => { console.log(e.code); process.exit(1); })`], { uid: 65534, gid: 65534 });
      let output = '';
      probe.stdout.on('data', (chunk) => (output += chunk));
      const code = await new Promise((resolve) => probe.once('exit', resolve));
      expect({ code, output: output.trim() }).toEqual({ code: 1, output: 'EACCES' });
    }
  }, 120_000);

  it('lets operator commands work beside the running Docket, on its server', async () => {
    const noDocket = await docketCli(['database-url'], { DATA_DIR: sandbox.dataDir });
    expect(noDocket).toMatchObject({ code: 2, err: expect.stringMatching(/no Docket is running on DATA_DIR/) });

    const running = await sandbox.start();
    const { auth } = await signUp(running.url);
    const url = await docketCli(['database-url'], { DATA_DIR: sandbox.dataDir });
    expect(url.code).toBe(0);
    expect(url.out.trim()).toBe(await runningEmbeddedPostgresUrl(sandbox.dataDir));
    expect(await docketCli(['users', 'promote', auth.user.email], { DATA_DIR: sandbox.dataDir })).toMatchObject({ code: 0, out: `${auth.user.email} is now a system admin\n` });
    expect((await docketCli(['reconcile'], { DATA_DIR: sandbox.dataDir })).out).toMatch(/no drift/);
    const me = await apiClient(running.url, auth.access_token).get('/api/auth/me');
    expect(me.body.role).toBe('system_admin');
  }, 120_000);

  it('refuses a second Docket on the same DATA_DIR with a readable message', async () => {
    await sandbox.start();
    const second = sandbox.start();
    await expect(second).rejects.toThrow(/Docket failed to start: .* is in use by another Docket process \(pid \d+\)/);
  }, 120_000);

  it('after a SIGKILL mid-work, the next start stops the orphaned server and loses or double-counts nothing', async () => {
    const first = await sandbox.start({ WORKER_CONCURRENCY: '1' });
    const { client, auth, password } = await signUp(first.url);
    // A batch that keeps the worker busy, and uploads from ten clients arriving when the kill comes.
    const pages = Array.from({ length: 300 }, (_, i) => `Page ${i + 1} of a long report`);
    const batch = await client.upload(Array.from({ length: 4 }, (_, i) => ({ name: `report-${i}.pdf`, content: makePdf(pages) })));
    expect(batch.status).toBe(202);
    const acknowledged = [batch.body.id as string];
    let killed = false;
    const uploaders = Array.from({ length: 10 }, async (_, i) => {
      while (!killed) {
        const reply = await client.upload([{ name: `note-${i}.txt`, content: `${ENGLISH} ${i}` }]).catch(() => undefined);
        if (reply?.status === 202) acknowledged.push(reply.body.id);
      }
    });
    while (acknowledged.length < 40) await new Promise((resolve) => setTimeout(resolve, 10));
    const server = await postmasterPid();
    first.process.child.kill('SIGKILL');
    killed = true;
    await Promise.all(uploaders);
    expect(isAlive(server)).toBe(true); // orphaned: nobody stopped it

    const second = await sandbox.start();
    expect(second.process.output()).toMatch(/left running by a Docket that did not shut down/);
    expect(isAlive(server)).toBe(false);
    const login = await apiClient(second.url).post('/api/auth/login', { email: auth.user.email, password });
    const again = apiClient(second.url, login.body.access_token);
    for (const id of acknowledged) expect((await waitForJob(again, id, undefined, 90_000)).status).toBe('completed');

    const db = await embeddedDb(sandbox.dataDir);
    try {
      const { recent_activity: _recent, ...stats } = (await again.get('/api/history/stats')).body;
      expect(stats).toEqual(await recountHistory(db, auth.user.id));
      expect(stats.total_jobs).toBeGreaterThanOrEqual(acknowledged.length);
      expect(await recountJobRows(db, auth.user.id)).toEqual([]);
      expect(await rollupDifferences(db, auth.user.id)).toEqual([]);
    } finally {
      await db.$disconnect();
    }
  }, 240_000);

  it('refuses a data directory written by the earlier PGlite engine and changes nothing', async () => {
    // PGlite's layout: a PostgreSQL-looking pgdata, without the database.json Docket writes.
    await mkdir(path.join(pgdata(), 'base', '1'), { recursive: true });
    await writeFile(path.join(pgdata(), 'PG_VERSION'), '18\n');
    await writeFile(path.join(pgdata(), 'base', '1', '1259'), 'old catalog');
    const before = await readdir(sandbox.dataDir, { recursive: true });

    const start = sandbox.start();
    await expect(start).rejects.toThrow(/holds a database this version of Docket did not create .*Nothing was changed.*"Moving data"/);
    expect(await readdir(sandbox.dataDir, { recursive: true })).toEqual(before);
    expect(await readFile(path.join(pgdata(), 'base', '1', '1259'), 'utf8')).toBe('old catalog');
  }, 60_000);
});
