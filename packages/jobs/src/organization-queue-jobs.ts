import { Prisma } from '@docket/db/generated/prisma/client';

/**
 * `AND <the queue job's data names a job of the organisation>`, nothing system-wide. The
 * queue data of extract-document and deliver-callback carries `job_id`; a maintenance run
 * carries none and belongs to no organisation, so narrowed it matches nothing. Compared as
 * text (never cast) so no queue payload can make the read fail; the organisation's job ids
 * come from jobs_org_created_idx and are hashed once per query.
 */
export function queueJobOfOrganization(organizationId: string | undefined): Prisma.Sql {
  return organizationId === undefined
    ? Prisma.empty
    : Prisma.sql`AND data->>'job_id' IN (SELECT id::text FROM jobs WHERE organization_id = ${organizationId}::uuid)`;
}
