import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreatedWebhookEndpointSchema, WebhookEndpointListSchema } from '@docket/contracts/webhooks';
import { apiClient, signUp, waitForJob, type ApiClient } from './support/api-client.ts';
import { ENGLISH, makePdf, pngBytes } from '../../../test/fixtures/documents.ts';
import { startTestDocket, type TestDocket } from './support/test-docket.ts';

let docket: TestDocket;
beforeAll(async () => {
  docket = await startTestDocket();
});
afterAll(async () => {
  await docket?.stop();
});

type Delivery = { id?: string; at?: Date; secret: string; body: unknown; signature?: string };

/** POSTs to an inbound endpoint signed the Standard Webhooks way, as another system would. */
function deliver(endpointId: string, { id = `msg_${randomUUID()}`, at = new Date(), secret, body, signature }: Delivery) {
  const payload = JSON.stringify(body);
  const headers = {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature ?? new Webhook(secret).sign(id, at, payload),
  };
  return apiClient(docket.url).raw('POST', `/api/webhooks/${endpointId}`, { body: payload, headers });
}

const documents = (...files: Array<[string, string | Buffer]>) => ({
  documents: files.map(([filename, content]) => ({ filename, content_base64: Buffer.from(content).toString('base64') })),
});

async function createEndpoint(client: ApiClient, name = 'CRM export') {
  const reply = await client.post('/api/webhook-endpoints', { name });
  expect(reply.status).toBe(201);
  return CreatedWebhookEndpointSchema.parse(reply.body);
}

describe('webhook endpoints', () => {
  it('creates an endpoint whose secret is shown once, then lists it without the secret', async () => {
    const { client } = await signUp(docket.url);
    const endpoint = await createEndpoint(client);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    expect(endpoint.url).toBe(`${docket.url}/api/webhooks/${endpoint.id}`);
    const list = WebhookEndpointListSchema.parse((await client.get('/api/webhook-endpoints')).body);
    expect(list.items).toEqual([{ id: endpoint.id, name: 'CRM export', url: endpoint.url, created_at: endpoint.created_at }]);
    expect(JSON.stringify(list)).not.toContain(endpoint.secret);
  });

  it('rejects an endpoint without a name', async () => {
    const { client } = await signUp(docket.url);
    const reply = await client.post('/api/webhook-endpoints', { name: '  ' });
    expect(reply.status).toBe(400);
  });

  it("does not let another user delete or see an endpoint", async () => {
    const alice = await signUp(docket.url);
    const mallory = await signUp(docket.url);
    const endpoint = await createEndpoint(alice.client);
    expect((await mallory.client.delete(`/api/webhook-endpoints/${endpoint.id}`)).status).toBe(404);
    expect((await mallory.client.get('/api/webhook-endpoints')).body.items).toEqual([]);
  });
});

describe('POST /api/webhooks/{endpoint_id}', () => {
  it('accepts a signed delivery as a webhook job that the worker processes', async () => {
    const { client } = await signUp(docket.url);
    const endpoint = await createEndpoint(client);
    const reply = await deliver(endpoint.id, { secret: endpoint.secret, body: documents(['note.txt', ENGLISH], ['scan.pdf', makePdf(['Invoice 42'])]) });
    expect(reply.status).toBe(202);
    expect(reply.body).toEqual({ job_id: expect.any(String) });

    const job = await waitForJob(client, reply.body.job_id);
    expect(job).toMatchObject({ job_type: 'webhook', status: 'completed', total_documents: 2, processed_count: 2 });
    expect(job.documents.map((d) => d.filename)).toEqual(['note.txt', 'scan.pdf']);
  });

  it('returns the first job for a replayed webhook-id and creates no new job', async () => {
    const { client } = await signUp(docket.url);
    const endpoint = await createEndpoint(client);
    const body = documents(['a.txt', 'once only']);
    const first = await deliver(endpoint.id, { id: 'msg_replayed', secret: endpoint.secret, body });
    const second = await deliver(endpoint.id, { id: 'msg_replayed', secret: endpoint.secret, body });
    expect(second.status).toBe(202);
    expect(second.body.job_id).toBe(first.body.job_id);
    expect((await client.get('/api/jobs')).body.items).toHaveLength(1);
  });

  it('rejects a bad signature with 401', async () => {
    const { client } = await signUp(docket.url);
    const endpoint = await createEndpoint(client);
    const other = `whsec_${Buffer.from('another secret entirely!').toString('base64')}`;
    const reply = await deliver(endpoint.id, { secret: other, body: documents(['a.txt', 'text']) });
    expect(reply.status).toBe(401);
    expect(reply.body.error.code).toBe('invalid_signature');
    const unsigned = await deliver(endpoint.id, { secret: endpoint.secret, body: documents(['a.txt', 'text']), signature: '' });
    expect(unsigned.status).toBe(401);
    expect((await client.get('/api/jobs')).body.items).toHaveLength(0);
  });

  it('rejects a timestamp more than five minutes off with 401', async () => {
    const { client } = await signUp(docket.url);
    const endpoint = await createEndpoint(client);
    const stale = await deliver(endpoint.id, { secret: endpoint.secret, at: new Date(Date.now() - 6 * 60_000), body: documents(['a.txt', 'text']) });
    expect(stale.status).toBe(401);
    expect(stale.body.error.message).toMatch(/timestamp/);
  });

  it('answers 404 for a deleted or unknown endpoint', async () => {
    const { client } = await signUp(docket.url);
    const endpoint = await createEndpoint(client);
    expect((await client.delete(`/api/webhook-endpoints/${endpoint.id}`)).status).toBe(204);
    const deleted = await deliver(endpoint.id, { secret: endpoint.secret, body: documents(['a.txt', 'text']) });
    expect(deleted.status).toBe(404);
    expect((await deliver(randomUUID(), { secret: endpoint.secret, body: documents(['a.txt', 'text']) })).status).toBe(404);
    expect((await client.delete(`/api/webhook-endpoints/${endpoint.id}`)).status).toBe(404);
  });

  it('validates the signed body: no documents is 400, an unsupported type is 415', async () => {
    const { client } = await signUp(docket.url);
    const endpoint = await createEndpoint(client);
    const empty = await deliver(endpoint.id, { secret: endpoint.secret, body: { documents: [] } });
    expect(empty.status).toBe(400);
    const image = await deliver(endpoint.id, { secret: endpoint.secret, body: documents(['photo.txt', pngBytes()]) });
    expect(image.status).toBe(415);
  });
});
