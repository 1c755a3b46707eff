import type { Db } from '@docket/db/create-prisma';

/** How long an Idempotency-Key returns its first job. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

/** Whose Idempotency-Key it is: the user's, in the organisation the submission acts in. */
export type IdempotencyOwner = { organizationId: string; userId: string };

/** The job a live Idempotency-Key of this user in this organisation names, if any (primary-key read). */
export async function findIdempotentJob(db: Db, owner: IdempotencyOwner, key: string, now: Date): Promise<string | null> {
  const { organizationId, userId } = owner;
  const row = await db.idempotencyKey.findUnique({
    where: { organizationId_userId_key: { organizationId, userId, key } },
    select: { jobId: true, expiresAt: true },
  });
  return row && row.expiresAt > now ? row.jobId : null;
}
