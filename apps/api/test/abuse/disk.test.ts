import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreatedWebhookEndpointSchema } from '@docket/contracts/webhooks';
import { apiClient, signUp } from '../support/api-client.ts';
import { startTestDocket, type TestDocket } from '../support/test-docket.ts';

const KB = 1024;

let docket: TestDocket;
beforeAll(async () => {
  docket = await startTestDocket({ STORAGE_QUOTA_MB: '1', RUN_WORKER: 'false' });
});
afterAll(async () => {
  await docket?.stop();
});

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
}

const text = (kilobytes: number) => 'x'.repeat(kilobytes * KB);

/** The storage counter of the user's personal organisation (the sum of its slots), and the bytes of its documents. */
async function storedBytes(userId: string): Promise<{ counter: number; documents: number }> {
  const [row] = await docket.db.$queryRaw<{ used_bytes: bigint | null; documents: bigint | null }[]>`
    SELECT (SELECT sum(s.used_bytes) FROM organization_storage s JOIN organizations o ON o.id = s.organization_id WHERE o.personal_user_id = ${userId}::uuid) AS used_bytes,
           (SELECT sum(size_bytes) FROM documents WHERE user_id = ${userId}::uuid) AS documents`;
  return { counter: Number(row!.used_bytes ?? 0), documents: Number(row!.documents ?? 0) };
}

describe('per-user storage quota (STORAGE_QUOTA_MB=1)', () => {
  it('refuses an upload that would pass the quota with 413 saying used and limit, and stores nothing of it', async () => {
    const { client, auth } = await signUp(docket.url);
    const first = await client.upload([{ name: 'a.txt', content: text(400) }, { name: 'b.txt', content: text(400) }], { 'idempotency-key': 'first-upload' });
    expect(first.status).toBe(202);
    const blobsBefore = await filesUnder(path.join(docket.dataDir, 'blobs'));

    const over = await client.upload([{ name: 'c.txt', content: text(400) }]);
    expect(over.status).toBe(413);
    expect(over.body.error).toEqual({
      code: 'payload_too_large',
      message: 'storage quota exceeded: 800 KB of your 1 MB are in use and these files need 400 KB more',
      details: { used_bytes: 800 * KB, limit_bytes: 1024 * KB, requested_bytes: 400 * KB },
    });
    expect(await filesUnder(path.join(docket.dataDir, 'blobs'))).toEqual(blobsBefore);
    expect(await filesUnder(path.join(docket.dataDir, 'tmp'))).toEqual([]);
    expect(await docket.db.job.count({ where: { userId: auth.user.id } })).toBe(1);

    // A replay of the first upload is its first job again, over quota or not, and counts nothing twice.
    const replay = await client.upload([{ name: 'a.txt', content: text(400) }, { name: 'b.txt', content: text(400) }], { 'idempotency-key': 'first-upload' });
    expect(replay.status).toBe(202);
    expect(replay.body.id).toBe(first.body.id);
    // What still fits is accepted; the counter is the sum of the user's documents.
    expect((await client.upload([{ name: 'd.txt', content: text(200) }])).status).toBe(202);
    expect(await storedBytes(auth.user.id)).toEqual({ counter: 1000 * KB, documents: 1000 * KB });
    // Another user's room is their own.
    expect((await (await signUp(docket.url)).client.upload([{ name: 'e.txt', content: text(400) }])).status).toBe(202);
  });

  it('lets concurrent uploads that each fit, but not together, pass the quota only as far as it allows', async () => {
    const { client, auth } = await signUp(docket.url);
    const replies = await Promise.all(Array.from({ length: 6 }, (_, i) => client.upload([{ name: `${i}.txt`, content: text(300) }])));
    expect(replies.map((reply) => reply.status).sort()).toEqual([202, 202, 202, 413, 413, 413]);
    expect(await storedBytes(auth.user.id)).toEqual({ counter: 900 * KB, documents: 900 * KB });
  });

  it('holds many concurrent small uploads to the quota exactly, though they spread over the storage slots', async () => {
    const { client, auth } = await signUp(docket.url);
    // 40 × 30 KB against 1 MB: exactly 34 fit (1,020 KB), whichever slots their rows took room from.
    const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => client.upload([{ name: `${i}.txt`, content: text(30) }])));
    expect(replies.filter((reply) => reply.status === 202)).toHaveLength(34);
    expect(replies.filter((reply) => reply.status === 413)).toHaveLength(6);
    expect(await storedBytes(auth.user.id)).toEqual({ counter: 34 * 30 * KB, documents: 34 * 30 * KB });
    const [slots] = await docket.db.$queryRaw<{ used: bigint }[]>`
      SELECT count(*) AS used FROM organization_storage s JOIN organizations o ON o.id = s.organization_id
      WHERE o.personal_user_id = ${auth.user.id}::uuid AND s.used_bytes > 0`;
    expect(Number(slots!.used)).toBeGreaterThan(1);
  });

  it('refuses an account at its quota before reading its upload, yet replays an earlier one', async () => {
    const { client, auth } = await signUp(docket.url);
    const full = await client.upload([{ name: 'full.txt', content: text(1024) }], { 'idempotency-key': 'fills-it' });
    expect(full.status).toBe(202);

    // Headers and the first kilobyte of a 50 MB upload, then silence: the answer must come anyway.
    const boundary = 'quota';
    const request = http.request(`${docket.url}/api/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${auth.access_token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(50 * 1024 * KB) },
    });
    request.on('error', () => undefined);
    request.write(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="more.txt"\r\n\r\n${text(1)}`);
    const response = await new Promise<http.IncomingMessage>((resolve) => request.once('response', resolve));
    let body = '';
    for await (const chunk of response) body += chunk;
    request.destroy();
    expect(response.statusCode).toBe(413);
    expect(JSON.parse(body).error.message).toMatch(/^storage quota exceeded: 1 MB of your 1 MB are in use/);
    expect(await filesUnder(path.join(docket.dataDir, 'tmp'))).toEqual([]);

    const replay = await client.upload([{ name: 'full.txt', content: text(1024) }], { 'idempotency-key': 'fills-it' });
    expect(replay.status).toBe(202);
    expect(replay.body.id).toBe(full.body.id);
    expect(await docket.db.job.count({ where: { userId: auth.user.id } })).toBe(1);
  });

  it('holds inbound webhook submissions to the endpoint owner’s quota', async () => {
    const { client, auth } = await signUp(docket.url);
    const endpoint = CreatedWebhookEndpointSchema.parse((await client.post('/api/webhook-endpoints', { name: 'CRM' })).body);
    const deliver = (files: number[]) => {
      const id = `msg_${randomUUID()}`;
      const payload = JSON.stringify({ documents: files.map((kilobytes, i) => ({ filename: `${i}.txt`, content_base64: Buffer.from(text(kilobytes)).toString('base64') })) });
      const headers = {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': new Webhook(endpoint.secret).sign(id, new Date(), payload),
      };
      return apiClient(docket.url).raw('POST', `/api/webhooks/${endpoint.id}`, { body: payload, headers });
    };

    const over = await deliver([600, 600]);
    expect(over.status).toBe(413);
    expect(over.body.error.message).toBe('storage quota exceeded: 0 KB of your 1 MB are in use and these files need 1.2 MB more');
    expect(await docket.db.job.count({ where: { userId: auth.user.id } })).toBe(0);
    expect((await deliver([600])).status).toBe(202);
    expect(await storedBytes(auth.user.id)).toEqual({ counter: 600 * KB, documents: 600 * KB });
  });
});

describe('start-up sweep of DATA_DIR/tmp', () => {
  it('removes temp files a crashed process left over an hour ago, and keeps recent ones (another process may be writing them)', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'docket-sweep-'));
    const tmp = path.join(dataDir, 'tmp');
    await mkdir(path.join(tmp, 'webhook-bodies'), { recursive: true });
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    for (const name of ['upload-crashed', 'webhook-bodies/body-crashed']) {
      await writeFile(path.join(tmp, name), text(64));
      await utimes(path.join(tmp, name), twoHoursAgo, twoHoursAgo);
    }
    await writeFile(path.join(tmp, 'upload-in-progress'), text(1));

    const restarted = await startTestDocket({ DATA_DIR: dataDir, RUN_WORKER: 'false' });
    try {
      expect(await filesUnder(tmp)).toEqual(['upload-in-progress']);
    } finally {
      await restarted.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
