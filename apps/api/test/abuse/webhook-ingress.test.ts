import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readdir } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreatedWebhookEndpointSchema, type CreatedWebhookEndpoint } from '@docket/contracts/webhooks';
import { signUp, type ApiClient } from '../support/api-client.ts';
import { startTestDocket, type TestDocket } from '../support/test-docket.ts';
import { watchProcess } from '../support/watch-process.ts';

// No worker: what is measured is the ingress alone, not the extraction of what it accepts.
const MAX_FILE_SIZE_MB = 40;
const MB = 1024 * 1024;
const LIMITS = { maxStallMs: 100, maxGrowthBytes: 100 * MB };

let docket: TestDocket;
let client: ApiClient;
let endpoint: CreatedWebhookEndpoint;
let gzipBomb: Buffer;
beforeAll(async () => {
  docket = await startTestDocket({ RUN_WORKER: 'false', MAX_FILE_SIZE_MB: String(MAX_FILE_SIZE_MB) });
  ({ client } = await signUp(docket.url));
  endpoint = CreatedWebhookEndpointSchema.parse((await client.post('/api/webhook-endpoints', { name: 'abuse' })).body);
  gzipBomb = await gzipOfZeros(500 * MB);
});
afterAll(async () => {
  await docket?.stop();
});

type Answer = { status: number; body: { error?: { code: string; message: string }; job_id?: string } };

/**
 * POSTs a body produced piece by piece, as a hostile client would, without ever holding it:
 * the client shares the process with the Docket it measures. Resolves with the answer even
 * when the server stops reading early (that is the point); rejects only when none came.
 */
function post(url: string, headers: Record<string, string>, body: Iterable<Buffer> | AsyncIterable<Buffer>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers });
    request.on('response', async (response) => {
      let text = '';
      for await (const chunk of response) text += chunk;
      resolve({ status: response.statusCode!, body: text ? JSON.parse(text) : {} });
    });
    // Writing into a connection the server closed fails; its answer may still be on the way.
    request.on('error', (error) => setTimeout(() => reject(error), 1000));
    pipeline(Readable.from(body), request).catch(() => undefined);
  });
}

/** `total` bytes made of one repeated chunk (never allocated whole). */
function* repeated(chunk: Buffer, total: number): Generator<Buffer> {
  for (let sent = 0; sent < total; sent += chunk.length) yield total - sent >= chunk.length ? chunk : chunk.subarray(0, total - sent);
}

async function gzipOfZeros(size: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  const gzip = createGzip({ level: 9 });
  const collected = (async () => {
    for await (const part of gzip) parts.push(part as Buffer);
  })();
  for (const zeros of repeated(Buffer.alloc(MB), size)) if (!gzip.write(zeros)) await once(gzip, 'drain');
  gzip.end();
  await collected;
  return Buffer.concat(parts);
}

/** Headers that pass every check made before the body, with a signature that cannot match. */
function plausibleHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': `msg_${randomUUID()}`,
    'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
    'webhook-signature': `v1,${randomBytes(32).toString('base64')}`,
    ...extra,
  };
}

/** Signs a body given as pieces (read twice: once to sign, once to send). */
async function signedHeaders(pieces: () => Iterable<Buffer>, id = `msg_${randomUUID()}`): Promise<Record<string, string>> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const hmac = createHmac('sha256', Buffer.from(endpoint.secret.slice('whsec_'.length), 'base64')).update(`${id}.${timestamp}.`);
  let length = 0;
  for (const piece of pieces()) {
    hmac.update(piece);
    length += piece.length;
  }
  return {
    'content-type': 'application/json',
    'content-length': String(length),
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${hmac.digest('base64')}`,
  };
}

/** One document of `decodedBytes` bytes of "a", its base64 produced in 64 KB pieces. */
function* oneTextDocument(decodedBytes: number): Generator<Buffer> {
  yield Buffer.from('{"documents":[{"filename":"big.txt","content_base64":"');
  yield* repeated(Buffer.from('YWFh'.repeat(16 * 1024)), Math.ceil(decodedBytes / 3) * 4); // "aaa" per 4 characters
  yield Buffer.from('"}]}');
}

const inboundUrl = (endpointId: string) => `${docket.url}/api/webhooks/${endpointId}`;

async function expectNoTempFiles(): Promise<void> {
  const tempDir = path.join(docket.dataDir, 'tmp');
  await expect.poll(() => readdir(tempDir), { timeout: 2000 }).toEqual([]);
}

function expectCheap(cost: { maxEventLoopDelayMs: number; rssGrowthBytes: number }): void {
  expect(cost.maxEventLoopDelayMs).toBeLessThan(LIMITS.maxStallMs);
  expect(cost.rssGrowthBytes).toBeLessThan(LIMITS.maxGrowthBytes);
}

// Timing on a shared machine: a descheduled process shows the same stall as a blocked loop, so
// a try may be repeated; a real block (a regular expression backtracking for seconds) fails every try.
describe('inbound webhooks under abuse', { retry: 2 }, () => {
  it('refuses a 300 MB body to an unknown endpoint without reading it', async () => {
    const cost = await watchProcess(() =>
      post(inboundUrl(randomUUID()), plausibleHeaders({ 'content-length': String(300 * MB) }), repeated(Buffer.alloc(64 * 1024, 'a'), 300 * MB)),
    );
    expect(cost.result.status).toBe(404);
    expectCheap(cost);
  });

  it('refuses a gzip bomb unread: 404 for an unknown endpoint, 415 for a real one', async () => {
    const bomb = { 'content-encoding': 'gzip', 'content-length': String(gzipBomb.length) };
    const cost = await watchProcess(async () => [
      await post(inboundUrl(randomUUID()), plausibleHeaders(bomb), [gzipBomb]),
      await post(inboundUrl(endpoint.id), plausibleHeaders(bomb), [gzipBomb]),
    ]);
    const [unknown, real] = cost.result;
    expect(unknown!.status).toBe(404);
    expect(real!.status).toBe(415);
    expect(real!.body.error).toEqual({ code: 'unsupported_media_type', message: 'Content-Encoding gzip is not accepted: send the webhook body uncompressed' });
    expectCheap(cost);
  });

  it('streams a 300 MB body with a bad signature to disk, refuses it with 401 and removes it', async () => {
    const cost = await watchProcess(() =>
      post(inboundUrl(endpoint.id), plausibleHeaders({ 'content-length': String(300 * MB) }), repeated(Buffer.alloc(64 * 1024, 'a'), 300 * MB)),
    );
    expect(cost.result.status).toBe(401);
    expect(cost.result.body.error).toEqual({ code: 'invalid_signature', message: 'webhook signature rejected: no matching signature found' });
    expectCheap(cost);
    await expectNoTempFiles();
  });

  it('refuses a declared length beyond what the documents can need with 413, before reading', async () => {
    const limit = Math.ceil((MAX_FILE_SIZE_MB * MB * 100 * 4) / 3) + MB;
    const reply = await post(inboundUrl(endpoint.id), plausibleHeaders({ 'content-length': String(limit + 1) }), repeated(Buffer.alloc(64 * 1024, 'a'), MB));
    expect(reply.status).toBe(413);
    expect(reply.body.error?.code).toBe('payload_too_large');
    await expectNoTempFiles();
  });

  it('refuses calls whose headers can never verify before reading the body', async () => {
    const stale = String(Math.floor(Date.now() / 1000) - 6 * 60);
    for (const [headers, message] of [
      [{ 'webhook-signature': '' }, 'missing required headers'],
      [{ 'webhook-timestamp': stale }, 'message timestamp too old'],
      [{ 'webhook-timestamp': 'yesterday' }, 'webhook-timestamp must be unix seconds'],
      [{ 'webhook-signature': 'v2,abc v1a,def' }, 'no v1 signature'],
      [{ 'webhook-id': 'x'.repeat(256) }, 'webhook-id must be at most 255 characters'],
    ] as const) {
      const reply = await post(inboundUrl(endpoint.id), plausibleHeaders({ ...headers, 'content-length': String(100 * MB) }), repeated(Buffer.alloc(64 * 1024, 'a'), 100 * MB));
      expect(reply.status, message).toBe(401);
      expect(reply.body.error?.message).toContain(message);
    }
  });

  it('answers a signed body that is not JSON, or not the contract, with 400 validation_failed', async () => {
    for (const [text, message] of [
      ['this is not json', 'request body is not valid JSON'],
      ['{"documents": [{"filename": "a.txt", "content_base64": "aGk="}', 'request body is not valid JSON'],
      ['', 'request body is not valid JSON'],
      ['[1, 2]', 'invalid webhook body'],
      ['{"documents": [{"filename": 7, "content_base64": "aGk="}]}', 'documents.0.filename'],
      ['{"documents": [{"filename": "a.txt", "content_base64": {"nested": ["x"]}}]}', 'documents.0.content_base64'],
      ['{"documents": [{"filename": "a.txt", "content_base64": "aGk=", "content_base64": "aGk="}]}', 'content_base64 twice'],
      [`{"x": ${'['.repeat(100)}${']'.repeat(100)}, "documents": []}`, 'nested deeper than 32 levels'],
    ]) {
      const body = () => [Buffer.from(text!)];
      const reply = await post(inboundUrl(endpoint.id), await signedHeaders(body), body());
      expect(reply.status, text).toBe(400);
      expect(reply.body.error?.code).toBe('validation_failed');
      expect(reply.body.error?.message).toContain(message);
    }
    await expectNoTempFiles();
  });

  it('answers a signed 10 MB body of escaped line breaks in under a second without stalling', async () => {
    const body = () => [Buffer.from('{"documents":[{"filename":"a.txt","content_base64":"'), Buffer.from('\\n'.repeat(5 * MB)), Buffer.from('!"}]}')];
    const headers = await signedHeaders(body);
    const started = performance.now();
    const cost = await watchProcess(() => post(inboundUrl(endpoint.id), headers, body()));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(cost.result.status).toBe(400);
    expect(cost.result.body.error?.message).toContain('content_base64 must be base64');
    expectCheap(cost);
  });

  it(`decodes a signed ${MAX_FILE_SIZE_MB} MB document straight to disk, memory flat`, async () => {
    const size = Math.floor((MAX_FILE_SIZE_MB * MB) / 3) * 3;
    const headers = await signedHeaders(() => oneTextDocument(size));
    const cost = await watchProcess(() => post(inboundUrl(endpoint.id), headers, oneTextDocument(size)));
    expect(cost.result.status).toBe(202);
    expectCheap(cost);
    const job = await client.get(`/api/jobs/${cost.result.body.job_id}`);
    expect(job.body.documents).toMatchObject([{ filename: 'big.txt', size_bytes: size, mime_type: expect.stringMatching(/^text\/plain/) }]);
    await expectNoTempFiles();
  });

  it('enforces the document limits while decoding: a byte too many, a document too many', async () => {
    const oversized = () => oneTextDocument(MAX_FILE_SIZE_MB * MB + 3);
    const big = await post(inboundUrl(endpoint.id), await signedHeaders(oversized), oversized());
    expect(big.status).toBe(413);
    expect(big.body.error?.message).toBe(`document 1 exceeds the ${MAX_FILE_SIZE_MB} MB limit per file`);

    const many = () => [Buffer.from(JSON.stringify({ documents: Array.from({ length: 101 }, (_, i) => ({ filename: `${i}.txt`, content_base64: 'aGk=' })) }))];
    const tooMany = await post(inboundUrl(endpoint.id), await signedHeaders(many), many());
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.error?.message).toBe('too many documents: at most 100 per call');
    await expectNoTempFiles();
  });

  it('accepts any of several v1 signatures, as during a secret rotation', async () => {
    const id = `msg_${randomUUID()}`;
    const at = new Date();
    const payload = JSON.stringify({ documents: [{ filename: 'r.txt', content_base64: Buffer.from('rotated').toString('base64') }] });
    const good = new Webhook(endpoint.secret).sign(id, at, payload);
    const headers = { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)) };
    const reply = await post(inboundUrl(endpoint.id), { ...headers, 'webhook-signature': `v1,${randomBytes(32).toString('base64')} v1a,xyz ${good}` }, [Buffer.from(payload)]);
    expect(reply.status).toBe(202);
  });

  it('removes what it had received when the sender goes away mid-body', async () => {
    const request = http.request(inboundUrl(endpoint.id), { method: 'POST', headers: plausibleHeaders({ 'content-length': String(50 * MB) }) });
    request.on('error', () => undefined); // the abort below
    request.write(Buffer.alloc(4 * MB, 'a'));
    await expect.poll(() => readdir(path.join(docket.dataDir, 'tmp')), { timeout: 2000 }).toHaveLength(1);
    request.destroy();
    await expectNoTempFiles();
  });
});
