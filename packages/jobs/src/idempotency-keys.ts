import type { Db } from '@docket/db/create-prisma';

/** How long an Idempotency-Key returns its first job. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

/** The job a live Idempotency-Key of this user names, if any (primary-key read). */
export async function findIdempotentJob(db: Db, userId: string, key: string, now: Date): Promise<string | null> {
  const row = await db.idempotencyKey.findUnique({ where: { userId_key: { userId, key } }, select: { jobId: true, expiresAt: true } });
  return row && row.expiresAt > now ? row.jobId : null;
}
