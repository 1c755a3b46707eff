import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MIGRATIONS_DIR } from '../src/migrate.ts';
import { actualSchema, diffSchemas, expectedSchema, type SchemaShape } from './support/schema-drift.ts';
import { createTestDatabase } from '../test-support/test-database.ts';

let expected: SchemaShape;
let database: { databaseUrl: string; drop(): Promise<void> };
let client: pg.Client;

beforeAll(async () => {
  expected = expectedSchema(await readFile(path.join(DEFAULT_MIGRATIONS_DIR, '../schema.prisma'), 'utf8'));
  database = await createTestDatabase(); // cloned from the template our migrations built
  client = new pg.Client({ connectionString: database.databaseUrl });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await database?.drop();
});

describe('schema drift', () => {
  it('the migrated database matches schema.prisma: tables, columns, types, nullability, keys and indexes', async () => {
    expect(diffSchemas(expected, await actualSchema(client))).toEqual([]);
  });

  it('describes what it compares (so the check above is not vacuous)', () => {
    expect(expected.tables.jobs!.columns.created_at).toBe('timestamp(3) with time zone not null default');
    expect(expected.tables.jobs!.indexes.jobs_user_created_idx).toBe('(user_id, created_at DESC, id DESC)');
    expect(expected.tables.documents!.foreignKeys).toEqual(['(job_id) → jobs(id) on delete cascade']);
    expect(expected.enums.job_status).toEqual(['queued', 'processing', 'completed', 'failed', 'cancelled']);
    expect(Object.keys(expected.tables)).toEqual(expect.arrayContaining(['users', 'jobs', 'documents', 'user_counters', 'system_counters', 'job_hourly_rollups']));
  });

  it('reports every kind of difference, one readable line each', async () => {
    await client.query('BEGIN');
    try {
      await client.query('ALTER TABLE jobs ADD COLUMN priority integer');
      await client.query('ALTER TABLE documents ALTER COLUMN error SET NOT NULL');
      await client.query('DROP INDEX jobs_org_type_created_idx');
      await client.query('ALTER TABLE user_counters ALTER COLUMN slot TYPE integer');
      await client.query("ALTER TYPE job_type ADD VALUE 'email'");
      const differences = diffSchemas(expected, await actualSchema(client));
      expect(differences).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/column jobs\.priority: in the database .* but not in schema\.prisma/),
          expect.stringMatching(/column documents\.error: schema\.prisma says "text", the database has "text not null"/),
          expect.stringMatching(/index on jobs: jobs_org_type_created_idx: in schema\.prisma .* but not in the database/),
          expect.stringMatching(/column user_counters\.slot: schema\.prisma says "smallint not null", the database has "integer not null"/),
          expect.stringMatching(/enum job_type/),
        ]),
      );
      expect(differences).toHaveLength(5);
    } finally {
      await client.query('ROLLBACK');
    }
  });
});
