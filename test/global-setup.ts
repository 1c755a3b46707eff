import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '@docket/db/embedded-postgres';
import { migrate } from '@docket/db/migrate';
import { createTemplateDatabase, dropDatabasesLike, testServerUrl } from '@docket/db/test-support/test-database';
import { createBoss, ensureQueues } from '@docket/queue/create-boss';
import { buildServerBundles } from '../scripts/server-bundles.ts';

/**
 * Integration tests run against a real Postgres: the server of testServerUrl(), or with
 * DOCKET_TEST_ENGINE=embedded the engine `pnpm start` embeds, started here for the run.
 * Once per run: a template database with our migrations and pg-boss's schema; every test
 * file clones it (createTestDatabase). At the end the template and every clone of this run
 * are dropped (and an embedded server stopped and removed). The server bundles are built
 * from the sources first: tests that start Docket as its own process run what `pnpm start` runs.
 */
export default async function setup(): Promise<() => Promise<void>> {
  await buildServerBundles();
  const embedded = process.env.DOCKET_TEST_ENGINE === 'embedded' ? await startTestEngine() : undefined;
  const serverUrl = embedded?.url ?? testServerUrl();
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const template = `docket_tpl_${runId}`;

  await createTemplateDatabase({
    serverUrl,
    name: template,
    setup: async (databaseUrl) => {
      await migrate({ databaseUrl });
      // Queue schema installed here, so clones start with it instead of each installing it.
      const boss = createBoss({ databaseUrl, listenNotify: false, maxAttempts: 3 });
      await boss.start();
      await ensureQueues(boss, { maxAttempts: 3 });
      await boss.stop({ graceful: false, close: true });
    },
  });

  process.env.DOCKET_TEST_SERVER_URL = serverUrl;
  process.env.DOCKET_TEST_TEMPLATE = template;
  process.env.DOCKET_TEST_RUN_ID = runId;

  return async () => {
    await dropDatabasesLike(serverUrl, `docket_test_${runId}_`);
    await dropDatabasesLike(serverUrl, template);
    await embedded?.stop();
  };
}

async function startTestEngine(): Promise<{ url: string; stop(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'docket-engine-'));
  const engine = await startEmbeddedPostgres({ dataDir });
  return {
    url: engine.databaseUrl,
    async stop() {
      await engine.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
