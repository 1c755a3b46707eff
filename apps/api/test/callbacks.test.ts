import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallbackDeliveryListSchema, type CallbackDelivery } from '@docket/contracts/callbacks';
import { JobSchema, type Job } from '@docket/contracts/jobs';
import { corruptPdf, ENGLISH } from '../../../test/fixtures/documents.ts';
import { signUp, waitForJob, type ApiClient } from './support/api-client.ts';
import { pushWebhook } from './support/push-webhook.ts';
import { startTestDocket, type TestDocket } from './support/test-docket.ts';

type Received = { headers: http.IncomingHttpHeaders; body: string };

/** A callback receiver on loopback that answers each call with the next status of `statuses` (the last one repeats). */
async function startReceiver(statuses: Array<number | { status: number; headers: Record<string, string> }> = [204]) {
  const received: Received[] = [];
  const waiters: Array<() => void> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      const { status, headers } = typeof answer === 'number' ? { status: answer, headers: {} } : answer;
      res.writeHead(status, headers).end(status >= 400 ? 'receiver is having a bad day' : '');
      waiters.splice(0).forEach((wake) => wake());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/docket?tenant=42`,
    received,
    async waitFor(count: number, timeoutMs = 20_000): Promise<Received[]> {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`receiver got ${received.length} of ${count} calls`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Verifies a call exactly as a receiver would: with the standardwebhooks package and the user's secret. */
function verified(call: Received, secret: string): Job {
  const headers = { 'webhook-id': String(call.headers['webhook-id']), 'webhook-timestamp': String(call.headers['webhook-timestamp']), 'webhook-signature': String(call.headers['webhook-signature']) };
  return JobSchema.parse(new Webhook(secret).verify(call.body, headers));
}

/** POST /api/jobs with `files` (name → content) and a callback_url form field. */
function submitWithCallback(client: ApiClient, callbackUrl: string, files: Record<string, string | Buffer>) {
  const form = new FormData();
  for (const [name, content] of Object.entries(files)) form.append('files', new Blob([content]), name);
  form.append('callback_url', callbackUrl);
  return client.raw('POST', '/api/jobs', { body: form });
}

async function deliveriesOf(client: ApiClient, jobId: string, count: number): Promise<CallbackDelivery[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const reply = await client.get(`/api/jobs/${jobId}/deliveries`);
    expect(reply.status).toBe(200);
    const { items } = CallbackDeliveryListSchema.parse(reply.body);
    if (items.length >= count) return items.reverse();
    if (Date.now() > deadline) throw new Error(`only ${items.length} deliveries recorded`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('completion callbacks (CALLBACK_ALLOW_PRIVATE=true, as in development)', () => {
  let docket: TestDocket;
  beforeAll(async () => {
    docket = await startTestDocket({ CALLBACK_ALLOW_PRIVATE: 'true', CALLBACK_RETRY_DELAY_SECONDS: '1' });
  });
  afterAll(async () => {
    await docket?.stop();
  });

  it('POSTs the finished Job, signed with the user’s secret, verifiable by the standardwebhooks package', async () => {
    const receiver = await startReceiver([200]);
    const { client } = await signUp(docket.url);
    const secret = (await client.get('/api/callback-secret')).body.secret as string;
    expect(secret).toMatch(/^whsec_/);
    expect((await client.get('/api/callback-secret')).body.secret).toBe(secret);

    const submitted = await submitWithCallback(client, receiver.url, { 'report.txt': ENGLISH });
    expect(submitted.status).toBe(202);
    const done = await waitForJob(client, submitted.body.id);

    const [call] = await receiver.waitFor(1);
    expect(call!.headers['content-type']).toBe('application/json');
    expect(verified(call!, secret)).toEqual(done);
    const rotated = (await client.post('/api/callback-secret/rotate')).body.secret as string;
    expect(rotated).not.toBe(secret);
    expect((await client.get('/api/callback-secret')).body.secret).toBe(rotated);
    expect(() => verified(call!, rotated)).toThrow();

    const [delivery] = await deliveriesOf(client, done.id, 1);
    expect(delivery).toMatchObject({ attempt: 1, status_code: 200, error: null, url: receiver.url, message_id: call!.headers['webhook-id'] });
    await receiver.close();
  });

  it('retries a failing receiver with backoff: fails twice, then succeeds — three attempts recorded, one webhook-id', async () => {
    const receiver = await startReceiver([500, 503, 200]);
    const { client } = await signUp(docket.url);
    const secret = (await client.get('/api/callback-secret')).body.secret as string;
    const job = (await submitWithCallback(client, receiver.url, { 'a.txt': 'retry me' })).body as Job;

    const calls = await receiver.waitFor(3, 30_000);
    for (const call of calls) expect(verified(call, secret).id).toBe(job.id);
    expect(new Set(calls.map((call) => call.headers['webhook-id'])).size).toBe(1);

    const attempts = await deliveriesOf(client, job.id, 3);
    expect(attempts.map(({ attempt, status_code, error }) => ({ attempt, status_code, error }))).toEqual([
      { attempt: 1, status_code: 500, error: 'receiver answered 500' },
      { attempt: 2, status_code: 503, error: 'receiver answered 503' },
      { attempt: 3, status_code: 200, error: null },
    ]);
    expect(attempts[0]!.response_excerpt).toBe('receiver is having a bad day');
    // Backed off: the second retry waited longer than the first (1–2 s, then 2–4 s).
    const gaps = [1, 2].map((i) => Date.parse(attempts[i]!.created_at) - Date.parse(attempts[i - 1]!.created_at));
    expect(gaps[0]).toBeGreaterThanOrEqual(900);
    expect(gaps[1]).toBeGreaterThanOrEqual(1_900);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(receiver.received).toHaveLength(3);
    await receiver.close();
  });

  it('calls back on cancel and for inbound-webhook jobs; does not follow redirects', async () => {
    const receiver = await startReceiver([204]);
    const redirecting = await startReceiver([{ status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } }]);
    const { client } = await signUp(docket.url);
    const secret = (await client.get('/api/callback-secret')).body.secret as string;

    // Cancelled right after submission: most of its 20 documents are still queued.
    const documents = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`${i}.txt`, `document ${i}`]));
    const batch = (await submitWithCallback(client, receiver.url, documents)).body as Job;
    expect((await client.post(`/api/jobs/${batch.id}/cancel`)).status).toBe(200);

    const endpoint = (await client.post('/api/webhook-endpoints', { name: 'crm' })).body;
    const payload = JSON.stringify({ documents: [{ filename: 'w.txt', content_base64: Buffer.from('pushed in').toString('base64') }], callback_url: redirecting.url });
    const pushed = await pushWebhook(docket.url, endpoint, payload);
    expect(pushed.status).toBe(202);

    const [call] = await receiver.waitFor(1);
    const delivered = verified(call!, secret);
    expect(delivered).toMatchObject({ id: batch.id, status: 'cancelled', error: 'cancelled by the user' });

    await redirecting.waitFor(1);
    const [attempt] = await deliveriesOf(client, pushed.body.job_id, 1);
    expect(attempt).toMatchObject({ attempt: 1, status_code: 302, error: 'redirects are not followed (answered 302 to http://169.254.169.254/latest/meta-data/)' });
    await receiver.close();
    await redirecting.close();
  });

  it('sends a new callback, with a new webhook-id, when a retried job ends again', async () => {
    const receiver = await startReceiver([200]);
    const { client } = await signUp(docket.url);
    const secret = (await client.get('/api/callback-secret')).body.secret as string;
    const job = (await submitWithCallback(client, receiver.url, { 'broken.pdf': corruptPdf() })).body as Job;

    const [first] = await receiver.waitFor(1);
    expect(verified(first!, secret)).toMatchObject({ id: job.id, status: 'failed' });
    expect((await client.post(`/api/jobs/${job.id}/retry`)).status).toBe(202);
    const [, second] = await receiver.waitFor(2);
    expect(verified(second!, secret)).toMatchObject({ id: job.id, status: 'failed' });
    expect(second!.headers['webhook-id']).not.toBe(first!.headers['webhook-id']);
    const attempts = await deliveriesOf(client, job.id, 2);
    expect(attempts.map((attempt) => [attempt.attempt, attempt.status_code])).toEqual([
      [1, 200],
      [1, 200],
    ]);
    await receiver.close();
  });

  it('sends a finished job’s callback again on request, under the same webhook-id', async () => {
    const receiver = await startReceiver([200]);
    const { client } = await signUp(docket.url);
    const secret = (await client.get('/api/callback-secret')).body.secret as string;
    const job = (await submitWithCallback(client, receiver.url, { 'again.txt': 'again' })).body as Job;
    const [first] = await receiver.waitFor(1);

    const again = await client.post(`/api/jobs/${job.id}/deliveries`);
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ message_id: first!.headers['webhook-id'] });
    const [, second] = await receiver.waitFor(2);
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(verified(second!, secret).id).toBe(job.id);
    expect((await deliveriesOf(client, job.id, 2)).map((attempt) => [attempt.attempt, attempt.status_code])).toEqual([
      [1, 200],
      [2, 200],
    ]);

    const plain = (await client.upload([{ name: 'p.txt', content: 'no callback' }])).body as Job;
    await waitForJob(client, plain.id);
    const refused = await client.post(`/api/jobs/${plain.id}/deliveries`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('this job was submitted without a callback_url');
    await receiver.close();
  });

  it('validates callback_url and keeps deliveries private to the job’s owner', async () => {
    const { client } = await signUp(docket.url);
    const other = await signUp(docket.url);
    for (const [url, message] of [
      ['not a url', 'callback_url is not a valid URL'],
      ['ftp://example.com/hook', 'callback_url must be an http or https URL'],
      ['https://user:pw@127.0.0.1/hook', 'callback_url must not carry credentials'],
    ]) {
      const reply = await submitWithCallback(client, url!, { 'x.txt': 'x' });
      expect(reply.status).toBe(400);
      expect(reply.body.error.message).toBe(`invalid callback_url: ${message}`);
    }
    const plain = await client.upload([{ name: 'x.txt', content: 'x' }]);
    expect(plain.status).toBe(202); // no callback_url at all is fine
    const form = new FormData();
    form.append('files', new Blob(['x']), 'x.txt');
    form.append('callback_url', 'https://a.example.com/hook');
    form.append('callback_url', 'https://b.example.com/hook');
    expect((await client.raw('POST', '/api/jobs', { body: form })).body.error.message).toBe('invalid callback_url: callback_url must be a single URL');

    const job = plain.body as Job;
    expect((await other.client.get(`/api/jobs/${job.id}/deliveries`)).status).toBe(404);
    expect((await client.get(`/api/jobs/${job.id}/deliveries`)).body).toEqual({ items: [], next_cursor: null });
  });
});

describe('completion callbacks in production (private addresses refused)', () => {
  let docket: TestDocket;
  beforeAll(async () => {
    docket = await startTestDocket({ RUN_WORKER: 'false' });
  });
  afterAll(async () => {
    await docket?.stop();
  });

  it('accepts only https URLs to public addresses', async () => {
    const { client } = await signUp(docket.url);
    for (const [url, message] of [
      ['http://example.com/hook', 'callback_url must be an https URL'],
      ['https://127.0.0.1/hook', 'callback_url must point to a public address; 127.0.0.1 is 127.0.0.1'],
      ['https://localhost:8443/hook', 'callback_url must point to a public address; localhost is'],
      ['https://169.254.169.254/latest/meta-data/', 'callback_url must point to a public address; 169.254.169.254 is 169.254.169.254'],
      ['https://10.1.2.3/hook', 'callback_url must point to a public address'],
      ['https://[::ffff:192.168.0.10]/hook', 'callback_url must point to a public address'],
      ['https://[fd00:ec2::254]/hook', 'callback_url must point to a public address'],
    ]) {
      const reply = await submitWithCallback(client, url!, { 'x.txt': 'x' });
      expect(reply.status, url).toBe(400);
      expect(reply.body.error.message).toContain(message);
    }
    expect(await docket.db.job.count()).toBe(0);
  });

  it('refuses to redeliver the callback of a job that has not finished', async () => {
    const { client } = await signUp(docket.url);
    const job = (await client.upload([{ name: 'q.txt', content: 'queued' }])).body as Job; // no worker here: stays queued
    await docket.db.job.update({ where: { id: job.id }, data: { callbackUrl: 'https://hooks.example.com/docket' } });
    const refused = await client.post(`/api/jobs/${job.id}/deliveries`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'nothing_to_deliver', message: 'the job is queued: its callback is sent when it finishes' });
  });
});
