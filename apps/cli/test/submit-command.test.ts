import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corruptPdf, ENGLISH } from '../../../test/fixtures/documents.ts';
import { signUp } from '../../api/test/support/api-client.ts';
import { startTestDocket, type TestDocket } from '../../api/test/support/test-docket.ts';
import { docketCli as runCli } from './support/docket-cli.ts';

let docket: TestDocket;
let dir: string;
let token: string;
beforeAll(async () => {
  docket = await startTestDocket({ MAX_ATTEMPTS: '1' });
  dir = await mkdtemp(path.join(os.tmpdir(), 'docket-cli-'));
  await writeFile(path.join(dir, 'note.txt'), ENGLISH);
  await writeFile(path.join(dir, 'second.txt'), 'a second document');
  await writeFile(path.join(dir, 'broken.pdf'), corruptPdf());
  const { client } = await signUp(docket.url);
  token = (await client.post('/api/tokens', { name: 'cli test', scopes: ['jobs:read', 'jobs:write'] })).body.token;
});
afterAll(async () => {
  await docket?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const docketCli = (args: string[], env: Record<string, string>) => runCli(args, env, dir);

describe('docket submit', () => {
  it('uploads files as one job, waits with progress, and prints the job id', async () => {
    const result = await docketCli(['submit', 'note.txt', 'second.txt', '--wait'], { DOCKET_URL: docket.url, DOCKET_TOKEN: token });
    expect(result.code).toBe(0);
    const jobId = result.out.trim();
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.err).toContain('2/2 documents  completed');
    expect(result.err).toContain(`job ${jobId} completed`);
    const job = await docket.db.job.findUniqueOrThrow({ where: { id: jobId }, include: { documents: true } });
    expect(job.documents.map((document) => document.filename).sort()).toEqual(['note.txt', 'second.txt']);
  });

  it('exits 1 and names the failed document when the job fails', async () => {
    const result = await docketCli(['submit', 'broken.pdf', '--wait'], { DOCKET_URL: docket.url, DOCKET_TOKEN: token });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/failed: broken\.pdf: .*PDF/i);
    expect(result.err).toMatch(/job \S+ failed/);
  });

  it('says clearly what is missing or wrong', async () => {
    expect(await docketCli(['submit', 'note.txt'], { DOCKET_TOKEN: token })).toMatchObject({ code: 2, err: expect.stringContaining('set DOCKET_URL') });
    expect(await docketCli(['submit', 'note.txt'], { DOCKET_URL: docket.url })).toMatchObject({ code: 2, err: expect.stringContaining('set DOCKET_TOKEN') });
    expect(await docketCli(['submit', 'note.txt'], { DOCKET_URL: docket.url, DOCKET_TOKEN: 'dkt_wrong' })).toMatchObject({
      code: 2,
      err: expect.stringContaining('DOCKET_TOKEN was refused'),
    });
    expect(await docketCli(['submit', 'missing.txt'], { DOCKET_URL: docket.url, DOCKET_TOKEN: token })).toMatchObject({ code: 2, err: expect.stringContaining('no such file: missing.txt') });
    expect(await docketCli(['submit', 'note.txt'], { DOCKET_URL: 'http://127.0.0.1:9', DOCKET_TOKEN: token })).toMatchObject({ code: 2, err: expect.stringContaining('cannot reach Docket') });
  });
});
