import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobPageSchema, JobSchema } from '@docket/contracts/jobs';
import { apiClient, signUp } from './support/api-client.ts';
import { ENGLISH, makeDocx, makePdf, pngBytes } from '../../../test/fixtures/documents.ts';
import { startTestDocket, type TestDocket } from './support/test-docket.ts';

// No worker here: submitted jobs stay queued, so these tests see exactly what the API did.
let docket: TestDocket;
beforeAll(async () => {
  docket = await startTestDocket({ RUN_WORKER: 'false', MAX_FILES: '3', MAX_FILE_SIZE_MB: '0.05' });
});
afterAll(async () => {
  await docket?.stop();
});

describe('POST /api/jobs', () => {
  it('accepts one file as a single job, durable before the 202', async () => {
    const { client } = await signUp(docket.url);
    const reply = await client.upload([{ name: 'notes.txt', content: ENGLISH }]);
    expect(reply.status).toBe(202);
    const job = JobSchema.parse(reply.body);
    expect(job).toMatchObject({ job_type: 'single', status: 'queued', total_documents: 1, processed_count: 0, failed_count: 0 });
    expect(job.documents[0]).toMatchObject({ filename: 'notes.txt', mime_type: 'text/plain', size_bytes: Buffer.byteLength(ENGLISH), status: 'queued' });
    // Hashed while it was written to disk: the SHA-256 of exactly the bytes sent.
    expect(job.documents[0]!.sha256).toBe(createHash('sha256').update(ENGLISH).digest('hex'));
    // The rows and the queue job are committed: visible from another connection right away.
    const queued = await docket.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE data->>'job_id' = ${job.id}`;
    expect(Number(queued[0]!.n)).toBe(1);
  });

  it('accepts several files as a batch with one queue job per document', async () => {
    const { client } = await signUp(docket.url);
    const reply = await client.upload([
      { name: 'a.pdf', content: makePdf(['page one']) },
      { name: 'b.docx', content: makeDocx(['hello']) },
      { name: 'c.md', content: '# Title\n\nSome markdown text.' },
    ]);
    expect(reply.status).toBe(202);
    expect(reply.body.job_type).toBe('batch');
    expect(reply.body.documents.map((d: { mime_type: string }) => d.mime_type)).toEqual([
      'application/pdf',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'text/markdown',
    ]);
    const queued = await docket.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE data->>'job_id' = ${reply.body.id}`;
    expect(Number(queued[0]!.n)).toBe(3);
  });

  it('sniffs the type from the bytes, not the name', async () => {
    const { client } = await signUp(docket.url);
    const reply = await client.upload([{ name: 'report.txt', content: makePdf(['hidden pdf']), type: 'text/plain' }]);
    expect(reply.status).toBe(202);
    expect(reply.body.documents[0].mime_type).toBe('application/pdf');
  });

  it('refuses a file of an unsupported type with 415, whatever its name', async () => {
    const { client } = await signUp(docket.url);
    const reply = await client.upload([
      { name: 'fine.txt', content: 'fine' },
      { name: 'image.pdf', content: pngBytes(), type: 'application/pdf' },
    ]);
    expect(reply.status).toBe(415);
    expect(reply.body.error.code).toBe('unsupported_media_type');
    expect(reply.body.error.message).toContain('image.pdf');
    expect((await client.get('/api/jobs')).body.items).toHaveLength(0);
  });

  it('answers an empty request with 400 no_files', async () => {
    const { client } = await signUp(docket.url);
    const reply = await client.raw('POST', '/api/jobs', { body: new FormData() });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('no_files');
  });

  it('refuses a file over the size limit with 413', async () => {
    const { client } = await signUp(docket.url);
    const reply = await client.upload([{ name: 'big.txt', content: 'x'.repeat(60 * 1024) }]);
    expect(reply.status).toBe(413);
    expect(reply.body.error.message).toMatch(/0\.05 MB limit/);
  });

  it('refuses too many files with 413', async () => {
    const { client } = await signUp(docket.url);
    const files = [1, 2, 3, 4].map((n) => ({ name: `f${n}.txt`, content: `file ${n}` }));
    const reply = await client.upload(files);
    expect(reply.status).toBe(413);
    expect(reply.body.error.message).toMatch(/at most 3/);
  });

  it('refuses files in a part not named "files"', async () => {
    const { client } = await signUp(docket.url);
    const reply = await client.upload([{ name: 'a.txt', content: 'text' }], undefined, 'document');
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/parts named "files"/);
  });

  it('keeps only the last path segment of a filename', async () => {
    const { client } = await signUp(docket.url);
    const reply = await client.upload([{ name: '../../etc/passwd.txt', content: 'root:x:0:0' }]);
    expect(reply.status).toBe(202);
    expect(reply.body.documents[0].filename).toBe('passwd.txt');
  });

  it('returns the first job again for a repeated Idempotency-Key', async () => {
    const { client } = await signUp(docket.url);
    const first = await client.upload([{ name: 'a.txt', content: 'once' }], { 'idempotency-key': 'order-42' });
    const second = await client.upload([{ name: 'a.txt', content: 'once' }], { 'idempotency-key': 'order-42' });
    expect(second.status).toBe(202);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect((await client.get('/api/jobs')).body.items).toHaveLength(1);
  });

  it('gives concurrent requests with one Idempotency-Key one job, the losers replaying it', async () => {
    const { client } = await signUp(docket.url);
    const replies = await Promise.all(Array.from({ length: 6 }, () => client.upload([{ name: 'a.txt', content: 'race' }], { 'idempotency-key': 'race-1' })));
    expect(replies.map((reply) => reply.status)).toEqual(Array(6).fill(202));
    expect(new Set(replies.map((reply) => reply.body.id)).size).toBe(1);
    expect(replies.filter((reply) => reply.headers.get('idempotent-replayed') === 'true')).toHaveLength(5);
    expect((await client.get('/api/jobs')).body.items).toHaveLength(1);
  });

  it('scopes Idempotency-Keys per user', async () => {
    const alice = await signUp(docket.url);
    const bob = await signUp(docket.url);
    const a = await alice.client.upload([{ name: 'a.txt', content: 'a' }], { 'idempotency-key': 'shared' });
    const b = await bob.client.upload([{ name: 'b.txt', content: 'b' }], { 'idempotency-key': 'shared' });
    expect(b.body.id).not.toBe(a.body.id);
  });

  it('scopes Idempotency-Keys per organisation: the same key in another organisation is a new job there', async () => {
    const { client, auth } = await signUp(docket.url);
    const team = await client.post('/api/organizations', { name: 'Team idempotency' });
    expect(team.status).toBe(201);
    const inTeam = apiClient(docket.url, auth.access_token, team.body.id);
    const personal = await client.upload([{ name: 'a.txt', content: 'personal' }], { 'idempotency-key': 'same-key' });
    const teamJob = await inTeam.upload([{ name: 'a.txt', content: 'team' }], { 'idempotency-key': 'same-key' });
    expect(teamJob.status).toBe(202);
    expect(teamJob.headers.get('idempotent-replayed')).toBeNull();
    expect(teamJob.body.id).not.toBe(personal.body.id);
    expect(teamJob.body.organization_id).toBe(team.body.id);
    // Each organisation replays its own job.
    const teamAgain = await inTeam.upload([{ name: 'a.txt', content: 'team' }], { 'idempotency-key': 'same-key' });
    expect(teamAgain.body.id).toBe(teamJob.body.id);
    expect(teamAgain.headers.get('idempotent-replayed')).toBe('true');
    const personalAgain = await client.upload([{ name: 'a.txt', content: 'personal' }], { 'idempotency-key': 'same-key' });
    expect(personalAgain.body.id).toBe(personal.body.id);
  });

  it('requires a token', async () => {
    const reply = await apiClient(docket.url).upload([{ name: 'a.txt', content: 'a' }]);
    expect(reply.status).toBe(401);
  });
});

describe('GET /api/jobs', () => {
  it('pages newest first with an opaque cursor, and filters by status and type', async () => {
    const { client } = await signUp(docket.url);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await client.upload([{ name: `${i}.txt`, content: `doc ${i}` }])).body.id);
    ids.push((await client.upload([{ name: 'x.txt', content: 'x' }, { name: 'y.txt', content: 'y' }])).body.id);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await client.get(`/api/jobs?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      const parsed = JobPageSchema.parse(page.body);
      seen.push(...parsed.items.map((job) => job.id));
      cursor = parsed.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());

    const batches = await client.get('/api/jobs?job_type=batch');
    expect(batches.body.items.map((job: { id: string }) => job.id)).toEqual([ids[5]]);
    const queued = await client.get('/api/jobs?status=queued&limit=100');
    expect(queued.body.items).toHaveLength(6);
    expect((await client.get('/api/jobs?status=completed')).body.items).toHaveLength(0);
  });

  it('filters by a created_at range given as ISO or unix ms', async () => {
    const { client } = await signUp(docket.url);
    const before = Date.now() - 1;
    await client.upload([{ name: 'a.txt', content: 'a' }]);
    const after = new Date(Date.now() + 1000).toISOString();
    expect((await client.get(`/api/jobs?from=${before}&to=${after}`)).body.items).toHaveLength(1);
    expect((await client.get(`/api/jobs?to=${before}`)).body.items).toHaveLength(0);
  });

  it.each([
    ['limit=0', /limit/],
    ['limit=101', /limit/],
    ['limit=abc', /limit/],
    ['cursor=not-a-cursor', /cursor/],
    ['status=running', /status/],
    ['job_type=fax', /job_type/],
    ['from=yesterday', /from/],
  ])('rejects %s with a 400', async (query, message) => {
    const { client } = await signUp(docket.url);
    const reply = await client.get(`/api/jobs?${query}`);
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(message);
  });
});

describe('isolation between users', () => {
  it("hides another user's job, document text and numbers behind 404s", async () => {
    const alice = await signUp(docket.url);
    const mallory = await signUp(docket.url);
    const job = (await alice.client.upload([{ name: 'secret.txt', content: 'the secret plan' }])).body;

    expect((await mallory.client.get(`/api/jobs/${job.id}`)).status).toBe(404);
    expect((await mallory.client.get(`/api/jobs/${job.id}/documents/${job.documents[0].id}/text`)).status).toBe(404);
    expect((await mallory.client.post(`/api/jobs/${job.id}/cancel`)).status).toBe(404);
    expect((await mallory.client.post(`/api/jobs/${job.id}/retry`)).status).toBe(404);
    expect((await mallory.client.get('/api/jobs')).body.items).toHaveLength(0);
    const stats = (await mallory.client.get('/api/history/stats')).body;
    expect(stats.total_jobs).toBe(0);
    expect(stats.recent_activity).toEqual([]);
    // The owner sees it, and a made-up id is the same 404 as someone else's.
    expect((await alice.client.get(`/api/jobs/${job.id}`)).status).toBe(200);
    expect((await alice.client.get('/api/jobs/00000000-0000-4000-8000-000000000000')).body.error.code).toBe('not_found');
    expect((await alice.client.get('/api/jobs/not-a-uuid')).status).toBe(404);
  });
});

describe('cancellation', () => {
  it('cancels a queued job: its documents become cancelled and it counts as cancelled', async () => {
    const { client } = await signUp(docket.url);
    const job = (await client.upload([{ name: 'a.txt', content: 'a' }, { name: 'b.txt', content: 'b' }])).body;
    const reply = await client.post(`/api/jobs/${job.id}/cancel`);
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe('cancelled');
    expect(reply.body.completed_at).not.toBeNull();
    expect(reply.body.documents.map((d: { status: string }) => d.status)).toEqual(['cancelled', 'cancelled']);

    const again = await client.post(`/api/jobs/${job.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_terminal');

    const stats = (await client.get('/api/history/stats')).body;
    expect(stats.jobs_by_status).toEqual({ queued: 0, processing: 0, completed: 0, failed: 0, cancelled: 1 });
    expect(stats.total_documents).toBe(2);
  });

  it('refuses to retry a job with no failed documents', async () => {
    const { client } = await signUp(docket.url);
    const job = (await client.upload([{ name: 'a.txt', content: 'a' }])).body;
    const reply = await client.post(`/api/jobs/${job.id}/retry`);
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('nothing_to_retry');
  });

  it('answers 409 not_ready for the text of a document that has not succeeded', async () => {
    const { client } = await signUp(docket.url);
    const job = (await client.upload([{ name: 'a.txt', content: 'a' }])).body;
    const reply = await client.get(`/api/jobs/${job.id}/documents/${job.documents[0].id}/text`);
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('not_ready');
  });
});
