import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import viteConfig from '../../../web/vite.config.ts';
import { handleErrors } from '../../src/http/handle-errors.ts';
import { serveDashboard } from '../../src/http/serve-dashboard.ts';

// The dashboard's config is a function of the mode (vite's types live with apps/web).
type BuildFor = (env: { mode: string; command: 'build' }) => { build?: { sourcemap?: unknown } };
const configFor = (mode: string) => (viteConfig as unknown as BuildFor)({ mode, command: 'build' });

describe('source maps of the dashboard', () => {
  let dist: string;
  let server: ReturnType<express.Express['listen']>;
  let url: string;
  beforeAll(async () => {
    // A build that has maps next to its assets (a development build, or one left from an older version).
    dist = await mkdtemp(path.join(os.tmpdir(), 'docket-dist-'));
    await mkdir(path.join(dist, 'assets'));
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><script src="/assets/app.js"></script>');
    await writeFile(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(path.join(dist, 'assets', 'app.js.map'), '{"sources":["secret.tsx"]}');
    await writeFile(path.join(dist, 'top.js.map'), '{"sources":["secret.tsx"]}');
    const app = express().use(serveDashboard(dist)).use(handleErrors({ maxFileSizeMb: 1, maxFiles: 1 }));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await rm(dist, { recursive: true, force: true });
  });

  it('are not produced by a production build', () => {
    expect(configFor('production').build?.sourcemap).toBe(false);
    expect(configFor('development').build?.sourcemap).toBe(true);
  });

  it('are never served, even when a build left some', async () => {
    expect((await fetch(`${url}/assets/app.js`)).status).toBe(200);
    for (const map of ['/assets/app.js.map', '/top.js.map']) {
      const reply = await fetch(`${url}${map}`);
      expect(reply.status, map).toBe(404);
      expect(await reply.text()).not.toContain('secret.tsx');
    }
  });
});
