import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGLISH } from '../../../../test/fixtures/documents.ts';
import { recountHistory, recountJobRows, rollupDifferences } from '../../../../test/support/recount.ts';
import { apiClient, signUp, waitForJob, type Reply } from '../support/api-client.ts';
import { embeddedDb, embeddedSandbox, type EmbeddedDocket, type EmbeddedSandbox } from '../support/embedded-docket.ts';
import { ON_EMBEDDED_ENGINE } from '../support/test-docket.ts';

// The first thing a newcomer does after `pnpm start` — sign up, upload, open the dashboard —
// with many clients at once, against exactly that process: its own embedded PostgreSQL.
let sandbox: EmbeddedSandbox;
let docket: EmbeddedDocket;
beforeAll(async () => {
  if (!ON_EMBEDDED_ENGINE) return;
  sandbox = await embeddedSandbox();
  docket = await sandbox.start();
}, 120_000);
afterAll(async () => {
  await sandbox?.dispose();
});

/** Runs `count` tasks, `concurrency` at a time. */
async function inParallel<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < count; index = next++) results[index] = await task(index);
    }),
  );
  return results;
}

const statuses = (replies: Reply[]) => [...new Set(replies.map((reply) => reply.status))].sort();

describe.runIf(ON_EMBEDDED_ENGINE)('embedded Docket under concurrent clients', () => {
  it('signs up 20 users at once', async () => {
    const replies = await inParallel(20, 20, () => apiClient(docket.url).post('/api/auth/register', { email: `user-${randomUUID()}@example.com`, password: 'a long enough password' }));
    expect(statuses(replies)).toEqual([201]);
  });

  it('takes 100 uploads from 20 clients while the dashboard reads, answering only 202 and 200, and counts every job exactly', async () => {
    const { client, auth } = await signUp(docket.url);
    let uploading = true;
    const reads: Reply[] = [];
    // What the dashboard does on every refresh: stats and analytics at the same moment.
    const dashboard = (async () => {
      const to = Date.now() + 3_600_000;
      while (uploading) {
        reads.push(...(await Promise.all([client.get('/api/history/stats'), client.get(`/api/history/analytics?from=${to - 7 * 86_400_000}&to=${to}&granularity=daily`), client.get('/api/jobs?limit=20')])));
      }
    })();
    const uploads = await inParallel(100, 20, (i) => client.upload([{ name: `note-${i}.txt`, content: `${ENGLISH} (${i})` }]));
    const polls = await Promise.all(uploads.filter((reply) => reply.status === 202).map((reply) => client.get(`/api/jobs/${reply.body.id}`)));
    uploading = false;
    await dashboard;

    expect(statuses(uploads)).toEqual([202]);
    expect(statuses(reads)).toEqual([200]);
    expect(statuses(polls)).toEqual([200]);
    expect(reads.length).toBeGreaterThan(3);

    for (const reply of uploads) expect((await waitForJob(client, reply.body.id, undefined, 60_000)).status).toBe('completed');
    const db = await embeddedDb(sandbox.dataDir);
    try {
      const { recent_activity: _recent, ...stats } = (await client.get('/api/history/stats')).body;
      expect(stats).toEqual(await recountHistory(db, auth.user.id));
      expect(stats).toMatchObject({ total_jobs: 100, documents_processed: 100, documents_failed: 0 });
      expect(await recountJobRows(db, auth.user.id)).toEqual([]);
      expect(await rollupDifferences(db, auth.user.id)).toEqual([]);
    } finally {
      await db.$disconnect();
    }
  }, 180_000);
});
