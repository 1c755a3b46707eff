import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@docket/db/test-support/test-database';
import { makeDocx, makePdf } from '../../../test/fixtures/documents.ts';
import { signUp, waitForJob } from './support/api-client.ts';
import { REPO_ROOT, spawnEntry, type Spawned } from './support/spawn-process.ts';
import { TEST_JWT_SECRET } from './support/test-docket.ts';

// `pnpm start` runs apps/api/dist/main.mjs, built from the sources (the test run's global setup
// builds it): no TypeScript loader at run time. These tests run the bundle as a user would.
const BUNDLES = ['apps/api/dist/main.mjs', 'apps/api/dist/extractor-entry.mjs', 'apps/worker/dist/main.mjs', 'apps/worker/dist/extractor-entry.mjs', 'apps/cli/dist/main.mjs'];

describe('the built server', () => {
  it('imports no TypeScript and no TypeScript loader', async () => {
    for (const bundle of BUNDLES) {
      const code = await readFile(path.join(REPO_ROOT, bundle), 'utf8');
      const imports = [...code.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((match) => match[1]!);
      expect(imports.length, bundle).toBeGreaterThan(0);
      expect(imports.filter((specifier) => /\.[cm]?ts$|[/\\.]tsx@|^tsx/.test(specifier)), bundle).toEqual([]);
    }
  });

  describe('started as `pnpm start` starts it', () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let dataDir: string;
    let docket: Spawned;
    let url: string;

    beforeAll(async () => {
      database = await createTestDatabase();
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'docket-built-'));
      docket = spawnEntry('apps/api/dist/main.mjs', { DATABASE_URL: database.databaseUrl, JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: dataDir, PORT: '0', PASSWORD_COST: '1024' });
      url = (await docket.waitFor(/Docket is listening on (http:\/\/\S+)/))[1]!;
    });
    afterAll(async () => {
      docket?.child.kill('SIGTERM');
      await docket?.exited;
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('serves the API, the migrations applied and the API docs page', async () => {
      expect(await (await fetch(`${url}/readyz`)).json()).toMatchObject({ status: 'ready' });
      // The viewer is read from the redoc package, found from the bundle's location.
      const viewerPath = (await (await fetch(`${url}/api/docs`)).text()).match(/<script src="([^"]+)"/)?.[1];
      const viewer = await fetch(`${url}${viewerPath}`);
      expect(viewer.status).toBe(200);
      expect((await viewer.text()).length).toBeGreaterThan(100_000);
    });

    it('extracts PDF and DOCX documents in the bundled extractor processes', async () => {
      const { client } = await signUp(url);
      const upload = await client.upload([
        { name: 'report.pdf', content: makePdf(['Quarterly numbers from the built server']) },
        { name: 'letter.docx', content: makeDocx(['Dear reader, this came through the bundle']) },
      ]);
      expect(upload.status).toBe(202);
      const job = await waitForJob(client, upload.body.id);
      expect(job.status).toBe('completed');
      const texts = await Promise.all(job.documents!.map(async (document) => (await client.get(`/api/jobs/${job.id}/documents/${document.id}/text`)).text));
      expect(texts.join('\n')).toMatch(/Quarterly numbers from the built server[\s\S]*Dear reader, this came through the bundle|Dear reader, this came through the bundle[\s\S]*Quarterly numbers from the built server/);
    });

    it('stops cleanly on SIGTERM', async () => {
      docket.child.kill('SIGTERM');
      expect(await docket.exited).toEqual({ code: 0, signal: null });
    });
  });
});
