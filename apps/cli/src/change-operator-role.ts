import type { Role } from '@docket/contracts/auth';
import type { Db } from '@docket/db/create-prisma';

/**
 * What each `docket users` command does: the role it gives, and the roles it changes. An
 * account in any other role is left as it is, so `promote` never lowers a super admin and
 * `revoke-super` never raises a user. `demote` takes every operator right away at once.
 */
export const ROLE_CHANGES = {
  promote: { to: 'system_admin', from: ['user'] },
  demote: { to: 'user', from: ['system_admin', 'super_admin'] },
  'grant-super': { to: 'super_admin', from: ['user', 'system_admin'] },
  'revoke-super': { to: 'system_admin', from: ['super_admin'] },
} as const satisfies Record<string, { to: Role; from: readonly Role[] }>;
export type RoleChange = keyof typeof ROLE_CHANGES;

const LABELS: Record<Role, string> = { user: 'user', system_admin: 'system admin', super_admin: 'super admin' };

/**
 * Applies `change` to the account `email` (any case) and says what happened, in a sentence
 * for the operator; null when no account has that email. The role moves in one conditional
 * UPDATE, so two operators running commands at once cannot move it from a role the command
 * does not change. Only the CLI changes operator roles: it runs with the database's
 * credentials, which is what makes its user the super admin, and no HTTP route imports it.
 */
export async function changeOperatorRole(db: Db, email: string, change: RoleChange): Promise<string | null> {
  const { to, from } = ROLE_CHANGES[change];
  const address = email.trim().toLowerCase();
  const { count } = await db.user.updateMany({ where: { email: address, role: { in: [...from] } }, data: { role: to } });
  if (count === 1) return `${email} is now a ${LABELS[to]}`;
  const user = await db.user.findUnique({ where: { email: address }, select: { role: true } });
  if (!user) return null;
  if (user.role === to) return `${email} is already a ${LABELS[to]}`;
  return `${email} is a ${LABELS[user.role]}; ${change} changes only ${from.map((role) => LABELS[role]).join(' or ')} accounts, so nothing changed`;
}

/** Every operator account, super admins first, then by email: who holds admin rights. */
export async function listOperators(db: Db): Promise<{ email: string; role: Role }[]> {
  // The enum's order is user < system_admin < super_admin.
  return db.user.findMany({ where: { role: { in: ['system_admin', 'super_admin'] } }, select: { email: true, role: true }, orderBy: [{ role: 'desc' }, { email: 'asc' }] });
}
