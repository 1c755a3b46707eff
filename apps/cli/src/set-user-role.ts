import type { Db } from '@docket/db/create-prisma';

/** Makes `email` an admin or a plain user; returns false when no such account exists. */
export async function setUserRole(db: Db, email: string, role: 'admin' | 'user'): Promise<boolean> {
  const { count } = await db.user.updateMany({ where: { email: email.trim().toLowerCase() }, data: { role } });
  return count === 1;
}
