import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { silentLogger, type Logger } from './logger.ts';

export type MigrateOptions = { databaseUrl: string; migrationsDir?: string; logger?: Logger };

/** Prisma Migrate's own advisory lock id, so our runner and `prisma migrate` never overlap. */
const LOCK_ID = 72707369;

export const DEFAULT_MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../prisma/migrations');

type Migration = { name: string; sql: string; checksum: string };
type AppliedRow = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

/**
 * Applies the SQL migrations of prisma/migrations in name order, each in its own
 * transaction, under Prisma's advisory lock, recording them in `_prisma_migrations` exactly
 * as Prisma Migrate does — so `prisma migrate status` agrees wherever its engine exists.
 * Refuses to run when a landed migration was edited or a failed one was never resolved.
 */
export async function migrate({ databaseUrl, migrationsDir = DEFAULT_MIGRATIONS_DIR, logger = silentLogger }: MigrateOptions): Promise<{ applied: string[] }> {
  const migrations = await readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'docket-migrate' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID]);
    try {
      await ensureBookkeeping(client);
      const applied = await appliedMigrations(client);
      checkHistory(migrations, applied, logger);
      const done: string[] = [];
      for (const migration of migrations) {
        if (applied.has(migration.name)) continue;
        await apply(client, migration);
        logger.info({ migration: migration.name }, 'migration applied');
        done.push(migration.name);
      }
      return { applied: done };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK_ID]);
    }
  } finally {
    await client.end();
  }
}

async function readMigrations(dir: string): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

/** The table as Prisma Migrate creates it. */
async function ensureBookkeeping(client: pg.Client): Promise<void> {
  await client.query(`
    CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum"              VARCHAR(64) NOT NULL,
      "finished_at"           TIMESTAMPTZ,
      "migration_name"        VARCHAR(255) NOT NULL,
      "logs"                  TEXT,
      "rolled_back_at"        TIMESTAMPTZ,
      "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
    )`);
}

async function appliedMigrations(client: pg.Client): Promise<Map<string, AppliedRow>> {
  const { rows } = await client.query<AppliedRow>(
    'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at',
  );
  return new Map(rows.map((row) => [row.migration_name, row]));
}

function checkHistory(migrations: Migration[], applied: Map<string, AppliedRow>, logger: Logger): void {
  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  for (const row of applied.values()) {
    if (!row.finished_at) {
      throw new Error(`migration ${row.migration_name} failed earlier and was not resolved; fix the database, then mark it rolled back in _prisma_migrations`);
    }
    const migration = byName.get(row.migration_name);
    if (!migration) {
      logger.warn({ migration: row.migration_name }, 'the database has a migration this build does not know (a newer version ran here?)');
    } else if (migration.checksum !== row.checksum) {
      throw new Error(`migration ${row.migration_name} was edited after it was applied (checksum differs); add a new migration instead`);
    }
  }
}

async function apply(client: pg.Client, migration: Migration): Promise<void> {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query('INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())', [
      id,
      migration.checksum,
      migration.name,
    ]);
    await client.query(migration.sql);
    await client.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
  }
}
