import pg from 'pg';

/** One statement on the Postgres server itself (CREATE/DROP DATABASE of a benchmark's own database). */
export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
