import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDocket, type TestDocket } from '../support/test-docket.ts';
import { watchProcess } from '../support/watch-process.ts';

let docket: TestDocket;
beforeAll(async () => {
  docket = await startTestDocket({ RUN_WORKER: 'false' });
});
afterAll(async () => {
  await docket?.stop();
});

/** GETs `path` and reads the answer as it streams, keeping none of it: only the server's cost counts. */
async function drain(path: string): Promise<number> {
  const response = await fetch(`${docket.url}${path}`);
  let bytes = 0;
  for await (const chunk of response.body!) bytes += (chunk as Uint8Array).byteLength;
  return bytes;
}

describe('the public contract routes under load', () => {
  it('build the spec once, on first request, and serve it, the page and its 1 MB viewer again and again without stalling the process or growing it', async () => {
    const page = await fetch(`${docket.url}/api/docs`).then((response) => response.text());
    const viewer = page.match(/src="(\/api\/docs\/redoc-[^"]+)"/)![1]!;
    // The first request generates the document from the contracts; every one after gets the same bytes.
    const cost = await watchProcess(async () => {
      const sizes: number[] = [];
      for (let round = 0; round < 10; round++) sizes.push(await drain('/api/openapi.json'), await drain(viewer), await drain('/api/docs'));
      return sizes;
    });
    expect(cost.result.filter((_, index) => index % 3 === 0).every((bytes) => bytes > 100_000)).toBe(true);
    expect(cost.result.filter((_, index) => index % 3 === 1).every((bytes) => bytes > 1_000_000)).toBe(true);
    expect(cost.maxEventLoopDelayMs).toBeLessThan(100);
    expect(cost.rssGrowthBytes).toBeLessThan(100 * 1024 * 1024);
  });

  it('widen the Content Security Policy for the docs page only, never for scripts', async () => {
    const docs = (await fetch(`${docket.url}/api/docs`)).headers.get('content-security-policy')!;
    expect(docs).toContain("style-src 'self' 'unsafe-inline'");
    expect(docs).toContain('worker-src blob:');
    expect(docs).toContain("script-src 'self';");
    expect(docs).toContain("frame-ancestors 'none'");
    for (const path of ['/api/openapi.json', '/healthz', '/api/jobs']) {
      const policy = (await fetch(`${docket.url}${path}`)).headers.get('content-security-policy')!;
      expect(policy).toContain("style-src 'self'");
      expect(policy).not.toContain('unsafe-inline');
      expect(policy).not.toContain('worker-src');
    }
  });
});
