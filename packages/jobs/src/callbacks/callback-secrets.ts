import { requirePermissionLocked } from '@docket/auth/organizations/memberships';
import { requirePermission, type OrganizationCaller } from '@docket/contracts/organizations';
import type { CallbackSecret } from '@docket/contracts/callbacks';
import type { Db } from '@docket/db/create-prisma';
import { newSigningSecret } from '../signing-secret.ts';

/** The organisation's callback signing secret, created on first call (docs/api.md#completion-callbacks). */
export async function getCallbackSecret(db: Db, organizationId: string): Promise<CallbackSecret> {
  // Insert-if-missing in one statement: two first calls at once still agree on one secret.
  await db.$executeRaw`
    INSERT INTO callback_secrets (organization_id, secret) VALUES (${organizationId}::uuid, ${newSigningSecret()})
    ON CONFLICT (organization_id) DO NOTHING`;
  const row = await db.callbackSecret.findUniqueOrThrow({ where: { organizationId }, select: { secret: true } });
  return { secret: row.secret };
}

/**
 * Replaces the secret: deliveries from now on, retries included, are signed with the new one.
 * The role is checked again under the organisation's lock in the transaction that writes, so
 * an admin demoted or removed a moment ago rotates nothing (and learns no new secret).
 * @throws AppError forbidden (owners and admins rotate it)
 */
export async function rotateCallbackSecret(db: Db, caller: OrganizationCaller, now: Date): Promise<CallbackSecret> {
  requirePermission(caller, 'administer', 'rotating the callback secret');
  const secret = newSigningSecret();
  await db.$transaction(async (tx) => {
    await requirePermissionLocked(tx, caller, 'administer', 'rotating the callback secret');
    await tx.callbackSecret.upsert({ where: { organizationId: caller.organizationId }, create: { organizationId: caller.organizationId, secret }, update: { secret, createdAt: now } });
  });
  return { secret };
}
