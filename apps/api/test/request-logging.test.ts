import { afterAll, beforeAll, expect, it } from 'vitest';
import { ENGLISH } from '../../../test/fixtures/documents.ts';
import { signUp } from './support/api-client.ts';
import { capturedLogger } from './support/captured-logger.ts';
import { startTestDocket, type TestDocket } from './support/test-docket.ts';

const { logger, lines } = capturedLogger();
let docket: TestDocket;
beforeAll(async () => {
  docket = await startTestDocket({ RUN_WORKER: 'false' }, { logger });
});
afterAll(async () => {
  await docket?.stop();
});

it('carries the request id and the caller into what the domain logs, under one spelling', async () => {
  const { client, auth } = await signUp(docket.url);
  const submitted = await client.upload([{ name: 'fox.txt', content: ENGLISH }], { 'x-request-id': 'trace-4711' });
  expect(submitted.status).toBe(202);
  const cancelled = await client.raw('POST', `/api/jobs/${submitted.body.id}/cancel`, { headers: { 'x-request-id': 'trace-4712' } });
  expect(cancelled.status).toBe(200);

  const line = (msg: string) => lines.find((entry) => entry.msg === msg);
  expect(line('job submitted')).toMatchObject({ request_id: 'trace-4711', user_id: auth.user.id, job_id: submitted.body.id, documents: 1 });
  expect(line('job cancelled')).toMatchObject({ request_id: 'trace-4712', user_id: auth.user.id, job_id: submitted.body.id });
  expect(lines.find((entry) => entry.msg === 'request completed' && entry.request_id === 'trace-4711')).toMatchObject({ status: 202, user_id: auth.user.id });
  expect(lines.some((entry) => 'req_id' in entry)).toBe(false);
});
