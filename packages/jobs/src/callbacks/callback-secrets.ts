import type { CallbackSecret } from '@docket/contracts/callbacks';
import type { Db } from '@docket/db/create-prisma';
import { newSigningSecret } from '../signing-secret.ts';


/** The user's callback signing secret, created on first call (docs/api.md#completion-callbacks). */
export async function getCallbackSecret(db: Db, userId: string): Promise<CallbackSecret> {
  // Insert-if-missing in one statement: two first calls at once still agree on one secret.
  await db.$executeRaw`
    INSERT INTO callback_secrets (user_id, secret) VALUES (${userId}::uuid, ${newSigningSecret()})
    ON CONFLICT (user_id) DO NOTHING`;
  const row = await db.callbackSecret.findUniqueOrThrow({ where: { userId }, select: { secret: true } });
  return { secret: row.secret };
}

/** Replaces the secret: deliveries from now on, retries included, are signed with the new one. */
export async function rotateCallbackSecret(db: Db, userId: string, now: Date): Promise<CallbackSecret> {
  const secret = newSigningSecret();
  await db.callbackSecret.upsert({ where: { userId }, create: { userId, secret }, update: { secret, createdAt: now } });
  return { secret };
}
