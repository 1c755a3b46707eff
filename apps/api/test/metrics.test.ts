// @ts-expect-error the parser ships no types; its output shape is asserted below
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serveWorkerMetrics } from '@docket/runtime/worker-metrics';
import { corruptPdf, ENGLISH } from '../../../test/fixtures/documents.ts';
import { recountSystem } from '../../../test/support/recount.ts';
import { apiClient, signUp, waitForJob } from './support/api-client.ts';
import { startTestDocket, type TestDocket } from './support/test-docket.ts';

type Family = { name: string; type: string; metrics: Array<{ labels?: Record<string, string>; value?: string; buckets?: Record<string, string>; count?: string }> };

const TOKEN = 'metrics-token-0123456789';
let docket: TestDocket;
beforeAll(async () => {
  docket = await startTestDocket({ METRICS_TOKEN: TOKEN });
});
afterAll(async () => {
  await docket?.stop();
});

const scrape = async (): Promise<{ families: Family[]; text: string }> => {
  const reply = await apiClient(docket.url).get('/metrics', { authorization: `Bearer ${TOKEN}` });
  expect(reply.status).toBe(200);
  expect(reply.headers.get('content-type')).toMatch(/^text\/plain/);
  return { families: parsePrometheusTextFormat(reply.text) as Family[], text: reply.text };
};
const family = (families: Family[], name: string) => families.find((f) => f.name === name)!;
const value = (f: Family, labels: Record<string, string>) =>
  Number(f.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value ?? NaN);

it('exposes Prometheus metrics that match the database', async () => {
  const { client } = await signUp(docket.url);
  const ok = (await client.upload([{ name: 'a.txt', content: ENGLISH }, { name: 'b.txt', content: ENGLISH }])).body;
  const bad = (await client.upload([{ name: 'c.pdf', content: corruptPdf() }])).body;
  await waitForJob(client, ok.id);
  await waitForJob(client, bad.id);
  await client.get(`/api/jobs/${ok.id}`);

  const { families, text } = await scrape();
  const truth = await recountSystem(docket.db);
  const jobs = family(families, 'docket_jobs');
  expect(jobs.type).toBe('GAUGE');
  expect(value(jobs, { status: 'completed' })).toBe(truth.by_status.succeeded);
  expect(value(jobs, { status: 'failed' })).toBe(truth.by_status.failed);
  const documents = family(families, 'docket_documents');
  expect(value(documents, { status: 'succeeded' })).toBe(truth.documents_by_status.succeeded);
  expect(value(documents, { status: 'failed' })).toBe(1);
  expect(value(family(families, 'docket_queue_depth'), { queue: 'extract-document', state: 'queued' })).toBeGreaterThanOrEqual(0);
  // Callbacks waiting for a slow receiver show up too.
  expect(value(family(families, 'docket_queue_depth'), { queue: 'deliver-callback', state: 'deferred' })).toBeGreaterThanOrEqual(0);

  const processing = family(families, 'docket_document_processing_seconds');
  expect(processing.type).toBe('HISTOGRAM');
  // This parser merges labelled histogram series, so read the per-outcome counts from the text.
  expect(text).toContain('docket_document_processing_seconds_count{status="succeeded"} 2');
  expect(text).toContain('docket_document_processing_seconds_count{status="failed"} 1');

  expect(family(families, 'docket_http_request_duration_seconds').type).toBe('HISTOGRAM');
  expect(text).toMatch(/docket_http_request_duration_seconds_count\{method="GET",route="\/api\/jobs\/:id",status="200"\} \d+/);
  expect(text).toMatch(/route="\/api\/jobs\/",status="202"/);
  expect(text).not.toContain(ok.id);
});

it('requires the bearer token when METRICS_TOKEN is set', async () => {
  expect((await apiClient(docket.url).get('/metrics')).status).toBe(401);
  expect((await apiClient(docket.url).get('/metrics', { authorization: 'Bearer wrong-token-wrong-token' })).status).toBe(401);
});

it('serves a standalone worker’s metrics on loopback without a token, and only with the token on every interface', async () => {
  const local = await serveWorkerMetrics(0, undefined);
  const guarded = await serveWorkerMetrics(0, TOKEN);
  try {
    expect((await fetch(local.url)).status).toBe(200);
    const port = new URL(guarded.url).port;
    // Reachable from other hosts (listening on every interface), but not without the token.
    const external = Object.values(networkInterfaces()).flat().find((address) => address && address.family === 'IPv4' && !address.internal);
    const base = external ? `http://${external.address}:${port}/metrics` : guarded.url;
    expect((await fetch(base)).status).toBe(401);
    expect((await fetch(base, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    if (external) await expect(fetch(`http://${external.address}:${new URL(local.url).port}/metrics`)).rejects.toThrow();
  } finally {
    await local.close();
    await guarded.close();
  }
});
