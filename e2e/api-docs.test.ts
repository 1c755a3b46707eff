import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiJson } from '../apps/api/src/openapi/openapi-document.ts';
import { startTestDocket, type TestDocket } from '../apps/api/test/support/test-docket.ts';
import { CHROMIUM, launchBrowser } from './browser.ts';

const SHOTS = path.resolve(process.env.SAVE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots');

let docket: TestDocket;
let browser: Browser;

describe.skipIf(!CHROMIUM)('the API reference page in Chromium', () => {
  beforeAll(async () => {
    docket = await startTestDocket({ RUN_WORKER: 'false' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await docket?.stop();
  });

  it('renders every operation and the completion callback from Docket alone: nothing leaves localhost, no CSP violation', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    const violations: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    // Violations inside the page's Worker reach the console too; this also catches those the browser does not log.
    await page.addInitScript({ content: "document.addEventListener('securitypolicyviolation', (event) => console.error('Refused by CSP: ' + event.violatedDirective + ' ' + event.blockedURI));" });

    await page.goto(`${docket.url}/api/docs`);
    type Operations = Record<string, Record<string, { operationId: string; summary: string }>>;
    const { paths, webhooks } = JSON.parse(openApiJson()) as { paths: Operations; webhooks: Operations };
    const operations = [...Object.values(paths), ...Object.values(webhooks)].flatMap((item) => Object.values(item));
    expect(operations.length).toBeGreaterThan(35);
    for (const { operationId, summary } of operations) {
      const heading = page.locator(`h2:has(> a[href$="/operation/${operationId}"])`);
      await heading.waitFor({ state: 'attached' });
      // Redoc badges the completion callback "Webhook".
      expect((await heading.textContent())?.trim().replace(/\s+Webhook$/, '')).toBe(summary);
    }
    // The search index runs in a Worker made from a blob: URL: a search that finds something proves it ran.
    await page.getByPlaceholder('Search...').fill('cancel');
    await page.locator('[data-role="search:results"] [role="menuitem"]', { hasText: 'Cancel a job' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'api-docs.png') });

    const origin = new URL(docket.url).origin;
    expect(requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual([]);
    expect(requests).toContain(`${origin}/api/openapi.json`);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('is linked from the dashboard', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(`${docket.url}/sign-up`);
    await page.getByLabel('Email').fill('reader@e2e.example.com');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    const [docs] = await Promise.all([page.waitForEvent('popup'), page.getByRole('link', { name: 'API docs' }).click()]);
    await docs.getByRole('heading', { name: 'Docket API' }).waitFor();
    expect(new URL(docs.url()).pathname).toBe('/api/docs');
    await page.close();
  });
});
