// Loads a heavy history: `jobs` jobs (~10 documents each) for one user over the last 365
// days (in its personal organisation), plus background users, with INSERT … SELECT generate_series in chunks (progress on
// stderr). The counters and rollups are then built by `reconcileStatistics --repair`, the
// same code an operator runs, so they are exactly what the rows say.
import { randomUUID } from 'node:crypto';
import { createAccount } from '@docket/auth/accounts';
import { hashPassword } from '@docket/auth/password-hash';
import type { Db } from '@docket/db/create-prisma';
import { reconcileStatistics } from '@docket/jobs/reconcile-statistics';

export type SeededUser = { userId: string; organizationId: string; email: string; password: string };

const CHUNK = 25_000;

export async function seedHistory(db: Db, options: { jobs: number; backgroundUsers: number; backgroundJobs: number; log: (line: string) => void }): Promise<SeededUser> {
  const password = 'benchmark password';
  const passwordHash = await hashPassword(password, 1024);
  const account = (email: string) => createAccount(db, { email, passwordHash, role: 'user', now: new Date() });
  const heavyUser = await account(`heavy-${Date.now()}@bench.docket`);
  const heavy = { userId: heavyUser.id, organizationId: await personalOrganization(db, heavyUser.id), email: heavyUser.email, password };
  const background: string[] = [];
  for (let i = 0; i < options.backgroundUsers; i++) background.push((await account(`bg-${randomUUID()}@bench.docket`)).id);

  const started = performance.now();
  const insertJobs = async (userId: string, count: number, label: string) => {
    const userStarted = performance.now();
    for (let done = 0; done < count; done += CHUNK) {
      const size = Math.min(CHUNK, count - done);
      await insertChunk(db, userId, await personalOrganization(db, userId), size);
      const total = done + size;
      const rate = Math.round(total / ((performance.now() - userStarted) / 1000));
      options.log(`${label}: ${total.toLocaleString('en')} / ${count.toLocaleString('en')} jobs (${Math.round((total / count) * 100)}%, ${rate.toLocaleString('en')} jobs/s)`);
    }
  };
  await insertJobs(heavy.userId, options.jobs, 'heavy user');
  for (const [i, userId] of background.entries()) await insertJobs(userId, options.backgroundJobs, `background user ${i + 1}/${background.length}`);

  options.log('building counters and rollups (docket reconcile --repair)…');
  await db.$executeRawUnsafe('ANALYZE jobs, documents');
  await reconcileStatistics(db, { repair: true });
  await db.$executeRawUnsafe('ANALYZE');
  options.log(`seeded in ${Math.round((performance.now() - started) / 1000)} s`);
  return heavy;
}

/**
 * One chunk of jobs with their documents, statuses consistent between the two: completed
 * jobs have mostly succeeded documents (a tenth with one failure), failed jobs only failed
 * ones, cancelled only cancelled, running ones one processing document and the rest queued.
 */
async function personalOrganization(db: Db, userId: string): Promise<string> {
  return (await db.organization.findUniqueOrThrow({ where: { personalUserId: userId }, select: { id: true } })).id;
}

async function insertChunk(db: Db, userId: string, organizationId: string, size: number): Promise<void> {
  await db.$executeRaw`
    WITH spec AS (
      SELECT gen_random_uuid() AS id,
             (ARRAY['single', 'batch', 'webhook'])[1 + floor(random() * 3)::int]::job_type AS job_type,
             random() AS r, random() AS f,
             now() - random() * interval '365 days' AS created_at
      FROM generate_series(1, ${size}::int)
    ), shaped AS (
      SELECT id, job_type, created_at, f,
             CASE WHEN job_type = 'single' THEN 1 ELSE 2 + floor(random() * 17)::int END AS n,
             CASE WHEN r < 0.90 THEN 'completed' WHEN r < 0.95 THEN 'failed' WHEN r < 0.98 THEN 'cancelled'
                  WHEN r < 0.99 THEN 'processing' ELSE 'queued' END::job_status AS status
      FROM spec
    ), jobs_in AS (
      INSERT INTO jobs (id, organization_id, user_id, job_type, status, total_documents, processed_count, failed_count, cancelled_count,
                        error, created_at, started_at, completed_at, updated_at)
      SELECT id, ${organizationId}::uuid, ${userId}::uuid, job_type, status, n,
             CASE status WHEN 'completed' THEN n - (f < 0.1)::int ELSE 0 END,
             CASE status WHEN 'completed' THEN (f < 0.1)::int WHEN 'failed' THEN n ELSE 0 END,
             CASE status WHEN 'cancelled' THEN n ELSE 0 END,
             CASE status WHEN 'failed' THEN 'all documents failed' END,
             created_at,
             CASE WHEN status IN ('queued', 'cancelled') THEN NULL ELSE created_at + interval '1 second' END,
             CASE WHEN status IN ('completed', 'failed', 'cancelled') THEN created_at + (2 + f * 60) * interval '1 second' END,
             created_at
      FROM shaped
      RETURNING id, status, total_documents, failed_count, created_at
    )
    INSERT INTO documents (job_id, user_id, position, filename, mime_type, size_bytes, sha256, status, page_count, word_count,
                           language, error, attempts, blob_key, created_at, started_at, completed_at, updated_at)
    SELECT j.id, ${userId}::uuid, p, 'document-' || p || '.pdf', 'application/pdf', 50000, 'bench',
           s.status, CASE WHEN s.status = 'succeeded' THEN 1 + p % 7 END, CASE WHEN s.status = 'succeeded' THEN 400 END,
           CASE WHEN s.status = 'succeeded' THEN 'eng' END, CASE WHEN s.status = 'failed' THEN 'not a valid PDF' END,
           CASE WHEN s.status = 'queued' THEN 0 ELSE 1 END, 'bench/' || j.id || '/' || p, j.created_at, NULL, NULL, j.created_at
    FROM jobs_in j
    CROSS JOIN LATERAL generate_series(0, j.total_documents - 1) AS p
    CROSS JOIN LATERAL (SELECT CASE j.status
        WHEN 'completed' THEN CASE WHEN p < j.failed_count THEN 'failed' ELSE 'succeeded' END
        WHEN 'failed' THEN 'failed'
        WHEN 'cancelled' THEN 'cancelled'
        WHEN 'processing' THEN CASE WHEN p = 0 THEN 'processing' ELSE 'queued' END
        ELSE 'queued' END::document_status AS status) s`;
}
