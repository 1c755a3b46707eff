import { AppError } from '@docket/contracts/app-error';
import type { Clock } from '@docket/contracts/clock';
import { isUuid } from '@docket/contracts/common';
import { requirePermission, type OrganizationCaller, type OrganizationPermission, type OrganizationRole } from '@docket/contracts/organizations';
import type { SqlQueryable, Tx } from '@docket/db/create-prisma';
import { lockOrganization } from './organization-caps.ts';

const NOT_A_MEMBER = 'you are not a member of this organisation';

/**
 * The organisation a call acts in, with the caller's role: the one `organizationId` names
 * (x-tenantid), or the caller's personal organisation when none is named. Not a member and
 * no such organisation are the same 403, so an id reveals nothing.
 * @throws AppError forbidden
 */
export async function resolveCaller(sql: SqlQueryable, userId: string, organizationId: string | undefined): Promise<OrganizationCaller> {
  // Raw SQL on the pool: this runs before every organisation-scoped request, uploads included.
  if (organizationId === undefined) return personalCaller(userId, await personalOrganizationId(sql, userId));
  const { rows } = isUuid(organizationId)
    ? await sql.query<{ role: OrganizationRole; personal: boolean }>(
        `SELECT m.role::text AS role, o.personal_user_id IS NOT NULL AS personal
           FROM memberships m JOIN organizations o ON o.id = m.organization_id
          WHERE m.organization_id = $1 AND m.user_id = $2`,
        [organizationId, userId],
      )
    : { rows: [] };
  if (!rows[0]) throw new AppError('forbidden', NOT_A_MEMBER);
  return { userId, organizationId, role: rows[0].role, personal: rows[0].personal };
}

export type CallerResolver = (userId: string, organizationId: string | undefined) => Promise<OrganizationCaller>;

/**
 * resolveCaller with each user's personal organisation remembered. That organisation is
 * created with the account and never changes, so one read a minute per user serves every
 * request that names no organisation (the dashboard's, uploads, history reads): one statement
 * fewer per request (BENCHMARKS.md). A named organisation's membership is read every time —
 * a role changes at any moment. Bounded: at most `maxEntries` users, the oldest go first; an
 * account removed by hand in SQL stops resolving within `ttlMs`.
 */
export function createCallerResolver(sql: SqlQueryable, clock: Clock, { ttlMs = 60_000, maxEntries = 10_000 } = {}): CallerResolver {
  const personal = new Map<string, { organizationId: string; expiresAt: number }>();
  return async (userId, organizationId) => {
    if (organizationId !== undefined) return resolveCaller(sql, userId, organizationId);
    const now = clock().getTime();
    const known = personal.get(userId);
    if (known && known.expiresAt > now) return personalCaller(userId, known.organizationId);
    const id = await personalOrganizationId(sql, userId);
    personal.delete(userId);
    personal.set(userId, { organizationId: id, expiresAt: now + ttlMs });
    // Map order is insertion order: the first key is the one remembered longest ago.
    if (personal.size > maxEntries) personal.delete(personal.keys().next().value!);
    return personalCaller(userId, id);
  };
}

async function personalOrganizationId(sql: SqlQueryable, userId: string): Promise<string> {
  const { rows } = await sql.query<{ id: string }>({ name: 'personal-organization', text: 'SELECT id FROM organizations WHERE personal_user_id = $1', values: [userId] });
  if (!rows[0]) throw new AppError('invalid_token', 'the account of this token no longer exists');
  return rows[0].id;
}

const personalCaller = (userId: string, organizationId: string): OrganizationCaller => ({ userId, organizationId, role: 'owner', personal: true });

/**
 * The caller read again once the organisation is locked: the role `resolveCaller` saw may
 * have changed, or the member been removed, by a request that committed in between (an admin
 * demoted while inviting, two owners removing each other). Ends with the lock held.
 * @throws AppError forbidden when the caller is no longer a member
 */
export async function lockCaller(tx: Tx, caller: OrganizationCaller): Promise<OrganizationCaller> {
  await lockOrganization(tx, caller.organizationId);
  const membership = await tx.membership.findUnique({ where: { organizationId_userId: { organizationId: caller.organizationId, userId: caller.userId } }, select: { role: true } });
  if (!membership) throw new AppError('forbidden', NOT_A_MEMBER);
  return { ...caller, role: membership.role };
}

/**
 * Checks `permission` as the caller holds it when the write commits: `lockCaller`, then the
 * role read under the lock. Every role-gated write (webhook endpoints, the callback secret,
 * tokens, other members' jobs, the organisation itself) calls it inside the transaction that
 * writes, so a demotion or removal that committed first wins. Ends with the lock held.
 * @throws AppError forbidden when the caller is no longer a member or no longer has the role
 */
export async function requirePermissionLocked(tx: Tx, caller: OrganizationCaller, permission: OrganizationPermission, what: string): Promise<OrganizationCaller> {
  const locked = await lockCaller(tx, caller);
  requirePermission(locked, permission, what);
  return locked;
}
