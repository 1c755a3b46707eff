import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminOrganizationPageSchema, AdminStatsSchema, QueueStatsListSchema, QueueStatsSchema, type QueueStats } from '@docket/contracts/admin';
import { JOB_TYPES } from '@docket/contracts/jobs';
import { CreatedApiTokenSchema } from '@docket/contracts/tokens';
import { reconcileStatistics } from '@docket/jobs/reconcile-statistics';
import { CALLBACK_QUEUE, EXTRACT_QUEUE, MAINTENANCE_QUEUE } from '@docket/queue/queues';
import { corruptPdf, ENGLISH } from '../../../test/fixtures/documents.ts';
import { recountHistory, recountJobTypes } from '../../../test/support/recount.ts';
import { apiClient, signIn, signUp, waitForJob, type ApiClient } from './support/api-client.ts';
import { startTestDocket, type TestDocket } from './support/test-docket.ts';

// x-tenantid on the admin views narrows them to one organisation: exact numbers from its own
// counters, queue jobs of its own jobs, nothing of any other organisation.
let docket: TestDocket;
let admin: ApiClient;
beforeAll(async () => {
  docket = await startTestDocket({ ADMIN_EMAIL: 'ops@example.com', ADMIN_PASSWORD: 'operator password' });
  admin = await signIn(docket.url, 'ops@example.com', 'operator password');
});
afterAll(async () => {
  await docket?.stop();
});

const personalOrganization = async (client: ApiClient) => (await client.get('/api/organizations')).body.items[0].id as string;
const narrowed = (organizationId: string) => ({ 'x-tenantid': organizationId });

/** Two users with work in their own organisations: one finished single job and a batch with a failure each, a few more for the second. */
async function twoOrganizations() {
  const first = await signUp(docket.url);
  const second = await signUp(docket.url);
  const jobs: Record<string, string[]> = { first: [], second: [] };
  for (const [key, { client }, extra] of [['first', first, 0], ['second', second, 2]] as const) {
    jobs[key]!.push((await client.upload([{ name: 'a.txt', content: ENGLISH }])).body.id);
    jobs[key]!.push((await client.upload([{ name: 'b.txt', content: ENGLISH }, { name: 'c.pdf', content: corruptPdf() }])).body.id);
    for (let i = 0; i < extra; i++) jobs[key]!.push((await client.upload([{ name: 'broken.pdf', content: corruptPdf() }])).body.id);
    for (const id of jobs[key]!) await waitForJob(client, id);
  }
  return { first: { ...first, organizationId: await personalOrganization(first.client), jobs: jobs.first! }, second: { ...second, organizationId: await personalOrganization(second.client), jobs: jobs.second! } };
}

describe('x-tenantid on the admin views', () => {
  it('narrows the totals to the organisation’s counters, exact, with its members as users', async () => {
    const { first, second } = await twoOrganizations();
    for (const { organizationId } of [first, second]) {
      const stats = AdminStatsSchema.parse((await admin.get('/api/admin/stats', narrowed(organizationId))).body);
      const recount = await recountHistory(docket.db, { organizationId });
      expect(stats.total_jobs).toBe(recount.total_jobs);
      expect(stats.by_status).toEqual({
        queued: recount.jobs_by_status.queued,
        running: recount.jobs_by_status.processing,
        succeeded: recount.jobs_by_status.completed,
        failed: recount.jobs_by_status.failed,
        cancelled: recount.jobs_by_status.cancelled,
      });
      expect(stats.total_documents).toBe(recount.total_documents);
      expect(stats.documents_by_status.failed).toBe(recount.documents_failed);
      expect(stats.total_users).toBe(1);
    }
    const whole = AdminStatsSchema.parse((await admin.get('/api/admin/stats')).body);
    expect(whole.total_users).toBeGreaterThanOrEqual(3);
  });

  it('narrows the job types to the organisation’s jobs, the internal queues to its queue jobs, and empties maintenance', async () => {
    const { first, second } = await twoOrganizations();
    const byName = async (organizationId?: string) => {
      const reply = await admin.get('/api/admin/queues', organizationId ? narrowed(organizationId) : {});
      expect(reply.status).toBe(200);
      return new Map(QueueStatsListSchema.parse(reply.body).items.map((stats) => [stats.name, stats]));
    };
    for (const { organizationId, jobs } of [first, second]) {
      const queues = await byName(organizationId);
      const recount = await recountJobTypes(docket.db, organizationId);
      for (const jobType of JOB_TYPES) {
        const counts = recount[jobType];
        expect(queues.get(jobType)!.queue).toEqual({ pending: counts.queued, processing: counts.processing, completed: counts.completed, failed: counts.failed });
      }
      expect(queues.get('single')!.recent_executions.map((execution) => execution.id).sort()).toEqual(jobs.filter((_, i) => i !== 1).sort());
      expect(queues.get('batch')!.recent_executions.map((execution) => execution.id)).toEqual([jobs[1]]);

      // One queue job per document of its jobs: 3 documents, plus one per extra failing job.
      const documents = await docket.db.document.count({ where: { job: { organizationId } } });
      const extract = queues.get(EXTRACT_QUEUE)!;
      expect(extract.queue.pending + extract.queue.processing + extract.queue.completed + extract.queue.failed).toBe(documents);
      const ownQueueJobs = await docket.db.$queryRaw<{ id: string }[]>`
        SELECT q.id::text FROM pgboss.job q JOIN documents d ON d.id::text = q.data->>'document_id' JOIN jobs j ON j.id = d.job_id
        WHERE q.name = ${EXTRACT_QUEUE} AND j.organization_id = ${organizationId}::uuid`;
      expect(extract.recent_executions.every((execution) => ownQueueJobs.some((row) => row.id === execution.id))).toBe(true);
      expect(queues.get(CALLBACK_QUEUE)!.queue).toEqual({ pending: 0, processing: 0, completed: 0, failed: 0 });
      // The maintenance run belongs to no organisation.
      const maintenance = queues.get(MAINTENANCE_QUEUE)!;
      expect(maintenance.queue).toEqual({ pending: 0, processing: 0, completed: 0, failed: 0 });
      expect(maintenance.recent_executions).toEqual([]);
      expect(maintenance.schedule).toMatchObject({ cron: expect.any(String), last_run: null });

      const single = QueueStatsSchema.parse((await admin.get('/api/admin/queues/single/stats', narrowed(organizationId))).body);
      expect(single.queue).toEqual(queues.get('single')!.queue);
    }
    // Narrowed answers add up to no more than the whole system's.
    const whole = await byName();
    const total = (stats: QueueStats) => stats.queue.completed + stats.queue.failed;
    expect(total(whole.get('single')!)).toBeGreaterThanOrEqual(total((await byName(first.organizationId)).get('single')!) + total((await byName(second.organizationId)).get('single')!));
  });

  it('refuses a malformed id (400) and an unknown organisation (404) on every narrowable view, before doing any work', async () => {
    for (const path of ['/api/admin/stats', '/api/admin/queues', '/api/admin/queues/single/stats', '/api/admin/queues/no-such-queue/stats', '/api/admin/workers', '/api/admin/workers/tasks/00000000-0000-4000-8000-000000000000']) {
      for (const [header, status, code] of [['not-a-uuid', 400, 'validation_failed'], ["' OR 1=1 --", 400, 'validation_failed'], ['x'.repeat(10_000), 400, 'validation_failed'], ['00000000-0000-4000-8000-000000000000', 404, 'not_found']] as const) {
        const reply = await admin.get(path, { 'x-tenantid': header });
        expect(reply.status, `${path} ${header.slice(0, 20)}`).toBe(status);
        expect(reply.body.error.code).toBe(code);
        expect(reply.body.error.message).toMatch(status === 400 ? /x-tenantid/ : /organisation/);
      }
    }
    // Upper case and surrounding blanks name the same organisation.
    const { client } = await signUp(docket.url);
    const organizationId = await personalOrganization(client);
    expect((await admin.get('/api/admin/stats', { 'x-tenantid': ` ${organizationId.toUpperCase()} ` })).status).toBe(200);
  });

  it('lets an admin:read token narrow the views: there the header is a filter, not the token’s organisation', async () => {
    const { first, second } = await twoOrganizations();
    const minted = await admin.post('/api/tokens', { name: 'monitoring', scopes: ['admin:read'] });
    const token = CreatedApiTokenSchema.parse(minted.body).token;
    for (const { organizationId } of [first, second]) {
      const byToken = AdminStatsSchema.parse((await apiClient(docket.url, token, organizationId).get('/api/admin/stats')).body);
      const bySession = AdminStatsSchema.parse((await admin.get('/api/admin/stats', narrowed(organizationId))).body);
      expect({ ...byToken, generated_at: '' }).toEqual({ ...bySession, generated_at: '' });
    }
    expect((await apiClient(docket.url, token, 'not-a-uuid').get('/api/admin/queues')).status).toBe(400);
    // Everywhere else the token still acts in its own organisation and ignores the header.
    expect((await apiClient(docket.url, token, first.organizationId).get('/api/admin/workers')).status).toBe(200);
  });

  it('is for operators only: a member of the organisation gets 403 with and without the header', async () => {
    const { client } = await signUp(docket.url);
    const organizationId = await personalOrganization(client);
    for (const path of ['/api/admin/stats', '/api/admin/queues', '/api/admin/organizations']) {
      expect((await client.get(path, narrowed(organizationId))).status).toBe(403);
      expect((await client.get(path)).status).toBe(403);
    }
  });

  it('keeps the organisations’ job-type counters equal to a recount (reconcile checks and repairs them)', async () => {
    const { first } = await twoOrganizations();
    expect((await reconcileStatistics(docket.db, { repair: false })).drift).toEqual([]);
    await docket.db.$executeRaw`
      UPDATE organization_job_type_counters SET jobs_completed = jobs_completed + 5
      WHERE organization_id = ${first.organizationId}::uuid AND job_type = 'single'
        AND slot = (SELECT min(slot) FROM organization_job_type_counters WHERE organization_id = ${first.organizationId}::uuid AND job_type = 'single')`;
    const report = await reconcileStatistics(docket.db, { repair: true });
    expect(report.drift).toEqual([{ scope: 'organization job type counters', key: `${first.organizationId} single`, maintained: expect.stringContaining('jobs_completed=6'), recounted: expect.stringContaining('jobs_completed=1') }]);
    expect((await reconcileStatistics(docket.db, { repair: false })).drift).toEqual([]);
  });
});

describe('GET /api/admin/organizations', () => {
  it('pages every organisation by name, finds one by a part of its name in any case or by its id, and counts members', async () => {
    const { client } = await signUp(docket.url);
    const names = ['Zeta Tenant Search 1', 'zeta tenant search 2', 'Zeta Tenant Search 3', 'Zeta 100%_Tenant Search'];
    const ids = [];
    for (const name of names) ids.push((await client.post('/api/organizations', { name })).body.id as string);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const reply = await admin.get(`/api/admin/organizations?query=${encodeURIComponent('TENANT search')}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(reply.status).toBe(200);
      const page = AdminOrganizationPageSchema.parse(reply.body);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.name));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...names].sort((a, b) => (a < b ? -1 : 1)).filter((name) => /tenant search/i.test(name)));

    // `%` and `_` are matched as themselves.
    const literal = AdminOrganizationPageSchema.parse((await admin.get(`/api/admin/organizations?query=${encodeURIComponent('100%_')}`)).body);
    expect(literal.items.map((item) => item.name)).toEqual(['Zeta 100%_Tenant Search']);
    expect((await admin.get(`/api/admin/organizations?query=${encodeURIComponent('0%T')}`)).body.items).toEqual([]);

    const byId = AdminOrganizationPageSchema.parse((await admin.get(`/api/admin/organizations?query=${ids[0]!.toUpperCase()}`)).body);
    expect(byId.items).toEqual([{ id: ids[0], name: names[0], personal: false, members: 1, created_at: expect.any(String) }]);
    const everything = AdminOrganizationPageSchema.parse((await admin.get('/api/admin/organizations?limit=100')).body);
    expect(everything.items.some((item) => item.personal)).toBe(true);
  });

  it('refuses a bad limit, a forged cursor and an overlong query', async () => {
    for (const [query, code] of [['limit=0', 'validation_failed'], ['limit=101', 'validation_failed'], [`query=${'a'.repeat(101)}`, 'validation_failed'], ['cursor=forged', 'invalid_cursor'], [`cursor=${Buffer.from('["a","not-a-uuid"]').toString('base64url')}`, 'invalid_cursor']] as const) {
      const reply = await admin.get(`/api/admin/organizations?${query}`);
      expect(reply.status, query).toBe(400);
      expect(reply.body.error.code).toBe(code);
    }
  });
});
