import { mkdir } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../apps/api/test/support/api-client.ts';
import { ON_EMBEDDED_ENGINE, startTestDocket, type TestDocket } from '../apps/api/test/support/test-docket.ts';
import { ENGLISH, makeDocx, makePdf } from '../test/fixtures/documents.ts';
import { CHROMIUM, launchBrowser } from './browser.ts';

// The dashboard in a real browser against the real API, worker and Postgres. Screenshots go
// to test-results/screenshots, or to docs/screenshots (the README's pictures) with
// SAVE_SCREENSHOTS=1.
const SHOTS = path.resolve(process.env.SAVE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots');

let docket: TestDocket;
let browser: Browser;
let page: Page;
/** Whatever the browser says about the page's Content Security Policy (a blocked script, style or image). */
const cspViolations: string[] = [];

describe.skipIf(!CHROMIUM)('dashboard in Chromium', () => {
  beforeAll(async () => {
    // One document at a time, so a large batch is still running when the test cancels it.
    // On the embedded engine: exactly what `pnpm start` gives a newcomer (no DATABASE_URL).
    docket = await startTestDocket({ WORKER_CONCURRENCY: '1', CALLBACK_ALLOW_PRIVATE: 'true' }, { embeddedDefault: ON_EMBEDDED_ENGINE });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
    });
    await mkdir(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await docket?.stop();
  });

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  const metric = (name: string) => page.getByTestId(`metric-${name}`).locator('.metric-value');

  const refreshCookie = async () => (await page.context().cookies()).find((cookie) => cookie.name === 'docket_refresh');

  it('signs up, uploads a batch, watches it complete and sees the numbers change', async () => {
    const first = await page.goto(docket.url);
    // The dashboard's HTML carries the strict policy the whole page then runs under.
    expect(first?.headers()['content-security-policy']).toMatch(/default-src 'self'.*object-src 'none'.*frame-ancestors 'none'/);
    expect(first?.headers()['x-content-type-options']).toBe('nosniff');
    await expect.poll(() => page.url()).toContain('/sign-in');
    await shot('sign-in');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Email').fill('e2e@example.com');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(await metric('total-jobs').textContent()).toBe('0');

    // The refresh token is an HttpOnly cookie for /api/auth, and no token is in the page's storage.
    expect(await refreshCookie()).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/api/auth' });
    // (Expressions evaluated in the page: its DOM globals are not this file's types.)
    expect(await page.evaluate('document.cookie')).not.toContain('docket_refresh');
    expect(await page.evaluate('JSON.stringify({ ...localStorage, ...sessionStorage })')).not.toMatch(/eyJ|drt_|token/i);
    // A reload keeps you signed in: the page restores its session from the cookie.
    await page.reload();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(page.url()).toBe(`${docket.url}/`);
    expect(await metric('success-rate').textContent()).toBe('—');
    await page.getByText('No jobs yet').waitFor();

    await nav('Upload').click();
    await page.getByTestId('file-input').setInputFiles([
      { name: 'report.pdf', mimeType: 'application/pdf', buffer: makePdf(['Quarterly report page one', 'Page two of the report']) },
      { name: 'letter.docx', mimeType: 'application/octet-stream', buffer: makeDocx(['Dear reader,', 'A short letter.']) },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(ENGLISH) },
    ]);
    await page.getByRole('button', { name: 'Upload 3 files' }).click();
    await page.getByRole('link', { name: 'Open the job' }).click();

    await page.locator('h1 .badge', { hasText: 'completed' }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('job-counts').textContent()).toBe('3 succeeded · 0 failed · 3 total');
    await page.getByRole('row', { name: /notes\.txt/ }).getByRole('button', { name: 'View text' }).click();
    await expect.poll(() => page.getByTestId('document-text').textContent()).toContain('quick brown fox');
    await shot('job-detail');

    await nav('Dashboard').click();
    await expect.poll(() => metric('documents-processed').textContent()).toBe('3 / 3');
    expect(await metric('total-jobs').textContent()).toBe('1');
    expect(await metric('success-rate').textContent()).toBe('100%');
    expect(await page.getByTestId('status-count-completed').textContent()).toBe('1');
    await expect.poll(() => page.getByTestId('activity-summary').textContent()).toMatch(/^1 job · 100% succeeded · average .* · 3 documents, 2 pages$/);
    expect(await page.getByRole('table', { name: 'Jobs per day' }).getByRole('row').count()).toBeGreaterThanOrEqual(7);
    await page.getByRole('button', { name: '24 hours' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Jobs per hour' }).getByRole('row').count()).toBe(24);
    await page.getByRole('button', { name: '7 days' }).click();
    await shot('dashboard');
  });

  it('cancels a running batch', async () => {
    await nav('Upload').click();
    const html = `<html><body>${'<p>a paragraph of words to keep the worker busy</p>'.repeat(40_000)}</body></html>`;
    await page.getByTestId('file-input').setInputFiles(Array.from({ length: 12 }, (_, i) => ({ name: `page-${i}.html`, mimeType: 'text/html', buffer: Buffer.from(html) })));
    await page.getByRole('button', { name: 'Upload 12 files' }).click();
    await page.getByRole('link', { name: 'Open the job' }).click();
    await page.getByRole('button', { name: 'Cancel job' }).click();
    await page.locator('h1 .badge', { hasText: 'cancelled' }).waitFor();
    expect(await page.locator('.badge', { hasText: 'cancelled' }).count()).toBeGreaterThan(1);

    await nav('Jobs').click();
    await page.getByRole('row', { name: /batch .*cancelled/ }).waitFor();
    expect(await page.getByRole('row', { name: /batch .*cancelled/ }).count()).toBe(1);
    expect(await page.getByRole('row', { name: /batch .*completed/ }).count()).toBe(1);
    await shot('jobs');
  });

  it('shows a job’s callback deliveries, the callback secret and the month’s usage as a chart', async () => {
    const receiver = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end('thanks')));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const login = await apiClient(docket.url).post('/api/auth/login', { email: 'e2e@example.com', password: 'a long enough password' });
    const client = apiClient(docket.url, login.body.access_token);
    const form = new FormData();
    form.append('files', new Blob([ENGLISH]), 'callback.txt');
    form.append('callback_url', `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/done`);
    const job = await client.raw('POST', '/api/jobs', { body: form });

    await page.goto(`${docket.url}/jobs/${job.body.id}`);
    await page.getByRole('heading', { name: 'Callback deliveries' }).waitFor();
    await page.getByText('delivered.').waitFor({ timeout: 30_000 });
    await page.getByRole('cell', { name: /200\s*thanks/ }).waitFor();
    await page.getByRole('button', { name: 'Send again' }).click();
    await expect.poll(() => page.getByRole('cell', { name: /200\s*thanks/ }).count(), { timeout: 15_000 }).toBe(2);
    await shot('job-callbacks');
    receiver.close();

    await nav('API tokens').click();
    await page.getByRole('button', { name: 'Reveal secret' }).click();
    await expect.poll(() => page.getByTestId('callback-secret').textContent()).toBe((await client.get('/api/callback-secret')).body.secret);

    await nav('Usage').click();
    // 3 documents of the first job, the callback job’s one, and whatever of the cancelled batch ran.
    const usage = (await client.get('/api/usage')).body;
    await expect.poll(() => page.getByTestId('usage-documents_processed').locator('.metric-value').textContent()).toBe(String(usage.totals.documents_processed));
    expect(usage.totals.documents_processed).toBeGreaterThanOrEqual(4);
    expect(await page.getByRole('table', { name: 'Documents processed per day' }).getByRole('row').count()).toBe(usage.periods.length);
    await page.getByTestId('usage-pages_processed').click();
    await page.getByRole('heading', { name: 'Pages per day' }).waitFor();
    await shot('usage');
  });

  it('creates a webhook endpoint and an API token, each shown once, then signs out', async () => {
    await nav('Webhooks').click();
    await page.getByLabel('New endpoint name').fill('CRM export');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    expect(await page.getByTestId('endpoint-secret').inputValue()).toMatch(/^whsec_/);
    await page.getByRole('cell', { name: 'CRM export' }).waitFor();
    expect(await page.locator('#curl').textContent()).toContain('webhook-signature: v1,$SIG');
    await shot('webhooks');

    await nav('API tokens').click();
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('nightly import');
    await page.getByRole('button', { name: 'Create token' }).click();
    expect(await page.getByTestId('new-token').inputValue()).toMatch(/^dkt_/);
    await page.getByRole('cell', { name: 'jobs:read, jobs:write' }).waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('No tokens yet.').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Docket' }).waitFor();
    // Sign-out cleared the cookie: a reload does not bring the session back.
    await expect.poll(refreshCookie).toBeUndefined();
    await page.goto(`${docket.url}/jobs`);
    await expect.poll(() => page.url()).toContain('/sign-in?next=%2Fjobs');
  });

  it('ran every page above without a single Content Security Policy violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
