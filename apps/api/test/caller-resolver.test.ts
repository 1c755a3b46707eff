import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '@docket/auth/accounts';
import { createOrganization } from '@docket/auth/organizations/manage-organizations';
import { createCallerResolver } from '@docket/auth/organizations/memberships';
import { createDatabase, type Db, type SqlPool, type SqlQueryable } from '@docket/db/create-prisma';
import { createTestDatabase } from '@docket/db/test-support/test-database';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let sql: SqlPool;
let now = new Date('2026-11-29T12:00:00Z');
const clock = () => now;
const caps = { ownedPerAccount: 20, membersPerOrganization: 1000, pendingInvitationsPerOrganization: 100 };

beforeAll(async () => {
  database = await createTestDatabase();
  ({ db, sql } = createDatabase({ databaseUrl: database.databaseUrl, maxConnections: 2 }));
});
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

/** The real pool, with the statements sent through it counted. */
function countingPool(): { pool: SqlQueryable; statements: () => number } {
  let statements = 0;
  const pool = { query: (...args: Parameters<SqlPool['query']>) => (statements++, sql.query(...args)) } as SqlQueryable;
  return { pool, statements: () => statements };
}

const newUser = async () => (await createAccount(db, { email: `caller-${randomUUID()}@example.com`, passwordHash: 'x', role: 'user', now })).id;
const personalOf = async (userId: string) => (await db.organization.findUniqueOrThrow({ where: { personalUserId: userId } })).id;

describe('createCallerResolver', () => {
  it('reads a user’s personal organisation once a minute, not once a request', async () => {
    const { pool, statements } = countingPool();
    const callers = createCallerResolver(pool, clock, { ttlMs: 60_000 });
    const userId = await newUser();
    const expected = { userId, organizationId: await personalOf(userId), role: 'owner', personal: true };

    expect(await callers(userId, undefined)).toEqual(expected);
    expect(await callers(userId, undefined)).toEqual(expected);
    expect(statements()).toBe(1);
    now = new Date(now.getTime() + 60_001);
    expect(await callers(userId, undefined)).toEqual(expected);
    expect(statements()).toBe(2);
  });

  it('reads a named organisation’s membership every time, so a removal counts at once', async () => {
    const { pool, statements } = countingPool();
    const callers = createCallerResolver(pool, clock);
    const [owner, member] = [await newUser(), await newUser()];
    const organization = await createOrganization(db, owner, 'Acme', { now, caps });
    await db.membership.create({ data: { organizationId: organization.id, userId: member, role: 'member', createdAt: now } });

    expect(await callers(member, organization.id)).toMatchObject({ organizationId: organization.id, role: 'member', personal: false });
    await db.membership.delete({ where: { organizationId_userId: { organizationId: organization.id, userId: member } } });
    await expect(callers(member, organization.id)).rejects.toMatchObject({ code: 'forbidden' });
    expect(statements()).toBe(2);
  });

  it('holds at most maxEntries users: the one remembered longest ago is read again', async () => {
    const { pool, statements } = countingPool();
    const callers = createCallerResolver(pool, clock, { maxEntries: 2 });
    const [a, b, c] = [await newUser(), await newUser(), await newUser()];
    for (const userId of [a, b, c, b, c]) await callers(userId, undefined);
    expect(statements()).toBe(3);
    await callers(a, undefined);
    expect(statements()).toBe(4);
  });

  it('refuses a token whose account is gone as invalid', async () => {
    const callers = createCallerResolver(sql, clock);
    await expect(callers(randomUUID(), undefined)).rejects.toMatchObject({ code: 'invalid_token' });
  });
});
