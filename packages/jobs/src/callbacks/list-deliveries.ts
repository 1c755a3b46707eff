import type { CallbackDeliveryList } from '@docket/contracts/callbacks';
import { isUuid, type PageQuery } from '@docket/contracts/common';
import type { OrganizationCaller } from '@docket/contracts/organizations';
import type { Db } from '@docket/db/create-prisma';
import { AppError } from '@docket/contracts/app-error';
import { afterCursor, decodeCursor, pageFrom } from '../keyset-cursor.ts';

/** The delivery attempts of a job of the caller's organisation, newest first. @throws AppError not_found */
export async function listDeliveries(db: Db, caller: OrganizationCaller, jobId: string, page: PageQuery): Promise<CallbackDeliveryList> {
  const job = isUuid(jobId) ? await db.job.findFirst({ where: { id: jobId, organizationId: caller.organizationId }, select: { id: true } }) : null;
  if (!job) throw new AppError('not_found', 'job not found');
  const cursor = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = await db.callbackDelivery.findMany({
    where: { jobId, ...afterCursor(cursor) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: page.limit + 1,
  });
  return pageFrom(rows, page.limit, (row) => ({
    attempt: row.attempt,
    message_id: row.messageId,
    url: row.url,
    status_code: row.statusCode,
    error: row.error,
    response_excerpt: row.responseExcerpt,
    duration_ms: row.durationMs,
    created_at: row.createdAt.toISOString(),
  }));
}
