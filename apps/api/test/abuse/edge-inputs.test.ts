import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreatedWebhookEndpointSchema, WebhookEndpointListSchema } from '@docket/contracts/webhooks';
import { apiClient, signUp, type ApiClient } from '../support/api-client.ts';
import { startTestDocket, type TestDocket } from '../support/test-docket.ts';

let docket: TestDocket;
let client: ApiClient;
beforeAll(async () => {
  docket = await startTestDocket({ RUN_WORKER: 'false' });
  ({ client } = await signUp(docket.url));
});
afterAll(async () => {
  await docket?.stop();
});

/** A call with a Host header of the caller's choosing (fetch does not let one set it). */
function callWithHost(method: string, path: string, host: string, token: string, json?: unknown): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${docket.url}${path}`, { method, headers: { host, authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    request.on('response', async (response) => {
      let text = '';
      for await (const chunk of response) text += chunk;
      resolve({ status: response.statusCode!, body: JSON.parse(text) });
    });
    request.on('error', reject);
    request.end(json === undefined ? undefined : JSON.stringify(json));
  });
}

describe('instants outside what the database can store', () => {
  it('answers 400 validation_failed on every route that takes from/to', async () => {
    const { client: admin, auth } = await signUp(docket.url);
    await docket.db.user.update({ where: { id: auth.user.id }, data: { role: 'system_admin' } });
    const extremes = [
      ['-8640000000000000', '2026-01-01'],
      ['2026-01-01', '8640000000000000'],
      ['-62198755200000', '2026-01-01'], // year -0001
    ];
    for (const [from, to] of extremes) {
      for (const path of [
        `/api/jobs?from=${from}&to=${to}`,
        `/api/history/analytics?from=${from}&to=${to}&granularity=daily`,
        `/api/usage?from=${from}&to=${to}&granularity=daily`,
        `/api/admin/usage/export?from=${from}&to=${to}&granularity=daily`,
      ]) {
        const reply = await admin.get(path);
        expect(reply.status, path).toBe(400);
        expect(reply.body.error.code, path).toBe('validation_failed');
        expect(reply.body.error.message, path).toContain('expected a time between 1970-01-01 and 9999-12-31');
      }
    }
  });
});

describe('names shown to people', () => {
  const disguised = 'invoice\u202Efdp.exe'; // displays as "invoiceexe.pdf"

  it('drops bidi controls and invisible characters from endpoint and token names', async () => {
    const endpoint = await client.post('/api/webhook-endpoints', { name: `${disguised}\u200B` });
    expect(endpoint.status).toBe(201);
    expect(endpoint.body.name).toBe('invoicefdp.exe');
    const token = await client.post('/api/tokens', { name: `\u2067ci${disguised}\u2069`, scopes: ['jobs:read'] });
    expect(token.status).toBe(201);
    expect(token.body.name).toBe('ciinvoicefdp.exe');
    const invisible = await client.post('/api/webhook-endpoints', { name: '\u202E\u200B\u2066' });
    expect(invisible.status).toBe(400);
    expect(invisible.body.error.message).toContain('name is required');
  });

  it('drops them from the filenames of uploaded and pushed documents', async () => {
    const uploaded = await client.upload([{ name: `${disguised}.txt`, content: 'plain text' }]);
    expect(uploaded.status).toBe(202);
    expect(uploaded.body.documents[0].filename).toBe('invoicefdp.exe.txt');

    const endpoint = CreatedWebhookEndpointSchema.parse((await client.post('/api/webhook-endpoints', { name: 'push' })).body);
    const id = `msg_${randomUUID()}`;
    const at = new Date();
    const payload = JSON.stringify({ documents: [{ filename: `${disguised}.txt`, content_base64: Buffer.from('pushed').toString('base64') }] });
    const pushed = await apiClient(docket.url).raw('POST', `/api/webhooks/${endpoint.id}`, {
      body: payload,
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(endpoint.secret).sign(id, at, payload) },
    });
    expect(pushed.status).toBe(202);
    expect((await client.get(`/api/jobs/${pushed.body.job_id}`)).body.documents[0].filename).toBe('invoicefdp.exe.txt');
  });
});

describe('webhook endpoint URLs without PUBLIC_URL', () => {
  it('name the address the server was reached on, never a forged Host header', async () => {
    const { auth } = await signUp(docket.url);
    const forged = await callWithHost('POST', '/api/webhook-endpoints', 'attacker.example', auth.access_token, { name: 'forged host' });
    expect(forged.status).toBe(201);
    const created = CreatedWebhookEndpointSchema.parse(forged.body);
    expect(created.url).toBe(`${docket.url}/api/webhooks/${created.id}`);

    const listed = WebhookEndpointListSchema.parse((await callWithHost('GET', '/api/webhook-endpoints', 'attacker.example:443', auth.access_token)).body);
    expect(listed.items.map((item) => item.url)).toEqual([created.url]);
  });
});

describe('the billing export as CSV', () => {
  it('defangs cells a spreadsheet would run as a formula', async () => {
    const email = `-2+3+${randomUUID().slice(0, 8)}@example.com`;
    const registered = await apiClient(docket.url).post('/api/auth/register', { email, password: 'a long enough password' });
    expect(registered.status).toBe(201);
    await docket.db.user.update({ where: { id: registered.body.user.id }, data: { role: 'system_admin' } });
    const admin = apiClient(docket.url, registered.body.access_token);
    expect((await admin.upload([{ name: 'metered.txt', content: 'counted' }])).status).toBe(202);

    const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const next = new Date(hour.getTime() + 3_600_000);
    const csv = await admin.get(`/api/admin/usage/export?from=${hour.toISOString()}&to=${next.toISOString()}&granularity=hourly&format=csv&include_open=true`);
    expect(csv.status).toBe(200);
    const row = csv.text.split('\r\n').find((line) => line.includes(email));
    expect(row?.split(',')[3]).toBe(`'${email}`);
  });
});
