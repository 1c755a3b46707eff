import { afterAll, beforeAll, expect, it } from 'vitest';
import { databaseBefore, type DatabaseBefore } from './support/database-before.ts';

let database: DatabaseBefore;

beforeAll(async () => {
  database = await databaseBefore('20261130100000_operator_roles');
});
afterAll(async () => {
  await database?.drop();
});

const roles = async () => (await database.client.query<{ email: string; role: string }>('SELECT email, role::text FROM users ORDER BY email')).rows;

it('turns every existing admin into a system admin, leaves users alone, and adds super_admin', async () => {
  await database.client.query("INSERT INTO users (email, password_hash, role) VALUES ('ops@example.com', 'x', 'admin'), ('someone@example.com', 'x', 'user')");
  await expect(database.client.query("UPDATE users SET role = 'super_admin' WHERE email = 'ops@example.com'")).rejects.toThrow(/invalid input value for enum user_role/);

  await database.migrateRest();

  expect(await roles()).toEqual([
    { email: 'ops@example.com', role: 'system_admin' },
    { email: 'someone@example.com', role: 'user' },
  ]);
  const labels = await database.client.query<{ label: string }>("SELECT enumlabel AS label FROM pg_enum WHERE enumtypid = 'user_role'::regtype ORDER BY enumsortorder");
  expect(labels.rows.map((row) => row.label)).toEqual(['user', 'system_admin', 'super_admin']);
  await database.client.query("UPDATE users SET role = 'super_admin' WHERE email = 'someone@example.com'");
  expect((await roles())[1]!.role).toBe('super_admin');
});
