import type { Request } from 'express';
import { requireOrganization } from '@docket/auth/organizations/admin-organizations';
import { UuidSchema } from '@docket/contracts/common';
import { TENANT_HEADER } from '@docket/contracts/organizations';
import type { Db } from '@docket/db/create-prisma';
import { parseInput } from './parse-input.ts';

/**
 * The organisation an admin view is narrowed to: the one `x-tenantid` names, or undefined
 * (the whole system) without the header. Under /api/admin the header is a filter, not the
 * organisation the caller acts in: operators are no members of what they monitor, and an
 * `admin:read` API token sends it too (elsewhere a token ignores it and acts in its own).
 * @throws AppError validation_failed for a malformed id; not_found for an organisation that
 * does not exist (operators may know which do).
 */
export async function adminNarrowing(db: Db, req: Request): Promise<string | undefined> {
  const header = req.get(TENANT_HEADER);
  if (header === undefined) return undefined;
  return requireOrganization(db, parseInput(UuidSchema, header.trim().toLowerCase(), `${TENANT_HEADER} header`));
}
