import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, signUp as signUpByApi, waitForJob } from '../apps/api/test/support/api-client.ts';
import { ON_EMBEDDED_ENGINE, startTestDocket, type TestDocket } from '../apps/api/test/support/test-docket.ts';
import { CHROMIUM, launchBrowser } from './browser.ts';

const SHOTS = path.resolve(process.env.SAVE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots');

let docket: TestDocket;
let browser: Browser;

async function signUp(page: Page, email: string) {
  await page.goto(`${docket.url}/sign-up`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}

/** Signs the promoted admin in on the sign-in form the page shows, then opens `section` from the main navigation. */
async function signInAdmin(page: Page, section: string) {
  await page.getByLabel('Email').fill('ops@e2e.example.com');
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: section }).click();
}

describe.skipIf(!CHROMIUM)('admin section in Chromium', () => {
  beforeAll(async () => {
    // On the embedded engine: exactly what `pnpm start` gives a newcomer (no DATABASE_URL).
    docket = await startTestDocket({}, { embeddedDefault: ON_EMBEDDED_ENGINE });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await docket?.stop();
  });

  it('shows a user promoted with the CLI the system totals, the queues and the live workers', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await signUp(page, 'ops@e2e.example.com');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count()).toBe(0);

    const promote = spawnSync(process.execPath, ['apps/cli/bin/docket.mjs', 'users', 'promote', 'ops@e2e.example.com'], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: docket.databaseUrl },
      encoding: 'utf8',
    });
    expect(promote.stdout).toBe('ops@e2e.example.com is now a system admin\n');
    // The role travels in the session: sign in again to pick it up.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInAdmin(page, 'Admin');
    await page.getByRole('heading', { name: 'Admin', exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('admin-users').locator('.metric-value').textContent()).toBe('1');
    await page.getByRole('link', { name: 'extract-document' }).waitFor();
    await page.getByRole('link', { name: 'maintenance' }).waitFor();
    // The worker inside this test's Docket shows up through its heartbeat.
    await page.getByRole('cell', { name: new RegExp(`^docket@.+:${process.pid}$`) }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'admin.png'), fullPage: true });

    await page.getByRole('link', { name: 'maintenance' }).click();
    await page.getByRole('heading', { name: 'maintenance' }).waitFor();
    expect(await page.getByText(/scheduled 0 \* \* \* \* \(UTC\)/).count()).toBe(1);
    await page.close();
  });

  it('gives an admin an admin:read token for a monitoring script, which reads the admin views', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(`${docket.url}/sign-in`);
    await signInAdmin(page, 'API tokens');
    await page.getByLabel('Name', { exact: true }).fill('monitoring');
    for (const scope of ['jobs:read', 'jobs:write']) await page.getByRole('checkbox', { name: new RegExp(scope) }).uncheck();
    await page.getByRole('checkbox', { name: /admin:read/ }).check();
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('cell', { name: 'admin:read', exact: true }).waitFor();
    const script = apiClient(docket.url, await page.getByTestId('new-token').inputValue());
    expect((await script.get('/api/admin/stats')).body.total_users).toBe(1);
    expect((await script.get('/api/admin/workers')).status).toBe(200);
    expect((await script.get('/api/jobs')).body.error.code).toBe('insufficient_scope');
    await page.close();
  });

  it('downloads the billing export, the records the API streams', async () => {
    const admin = apiClient(docket.url, (await apiClient(docket.url).post('/api/auth/login', { email: 'ops@e2e.example.com', password: 'a long enough password' })).body.access_token);
    // Settled first: a document finishing between the two exports would change the numbers.
    await waitForJob(admin, (await admin.upload([{ name: 'billable.txt', content: 'a document worth metering' }])).body.id);
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(`${docket.url}/sign-in`);
    await signInAdmin(page, 'Admin');

    const month = new Date().toISOString().slice(0, 7);
    await page.getByLabel('From month').fill(month);
    await page.getByLabel('To month (included)').fill(month);
    await page.getByLabel('Format').selectOption('csv');
    await page.getByLabel('Include periods that are still open').check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    const bytes = await new Promise<string>((resolve, reject) => {
      void download.createReadStream().then((stream) => {
        let text = '';
        stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8'))).on('end', () => resolve(text)).on('error', reject);
      });
    });
    const next = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1)).toISOString().slice(0, 10);
    const api = await admin.get(`/api/admin/usage/export?from=${month}-01&to=${next}&granularity=daily&format=csv&include_open=true`);
    // api_calls is the one live meter of an open period: the counts of every request flush
    // every few seconds, so it may have grown between the two exports; never shrunk.
    const split = (csv: string) => {
      const lines = csv.trimEnd().split(/\r?\n/);
      return { fixed: lines.filter((line) => !line.includes(',api_calls,')), calls: lines.filter((line) => line.includes(',api_calls,')).map((line) => line.split(',')) };
    };
    const [downloaded, streamed] = [split(bytes), split(api.text)];
    expect(downloaded.fixed).toEqual(streamed.fixed);
    for (const record of downloaded.calls) {
      const later = streamed.calls.find((other) => other[0] === record[0]);
      expect(Number(later?.[5])).toBeGreaterThanOrEqual(Number(record[5]));
    }
    expect(bytes).toContain(',ops@e2e.example.com,jobs_submitted,1,jobs,');
    expect(download.suggestedFilename()).toBe(`docket-usage-daily-${month}-01-${next}.csv`);
    await page.getByTestId('export-result').waitFor();
    await page.close();
  });

  it('hides the section from a normal user, who cannot load its data either, nor make a token that could', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signUp(page, 'someone@e2e.example.com');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await page.goto(`${docket.url}/admin`);
    await page.getByText('this endpoint is for administrators').waitFor();
    // Nor is the monitoring scope offered on the token page.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('checkbox', { name: /usage:read/ }).waitFor();
    expect(await page.getByRole('checkbox', { name: /admin:read/ }).count()).toBe(0);
    await context.close();
  });

  it('narrows the admin page to one organisation found by name: its jobs and members, sent as x-tenantid', async () => {
    const owner = await signUpByApi(docket.url);
    const team = (await owner.client.post('/api/organizations', { name: 'Narrowed Team' })).body.id as string;
    const inTeam = apiClient(docket.url, owner.auth.access_token, team);
    for (let i = 0; i < 2; i++) await waitForJob(inTeam, (await inTeam.upload([{ name: `team-${i}.txt`, content: 'work of the team' }])).body.id);

    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(`${docket.url}/sign-in`);
    await signInAdmin(page, 'Admin');
    await page.getByRole('heading', { name: 'Whole system' }).waitFor();
    await page.getByLabel('Find an organisation').fill('narrowed');
    const narrowed = page.waitForRequest((request) => request.url().endsWith('/api/admin/stats') && request.headers()['x-tenantid'] === team);
    await page.getByRole('list', { name: 'Organisations found' }).getByRole('button', { name: /Narrowed Team/ }).click();
    await narrowed;
    await page.getByRole('heading', { name: 'Organisation: Narrowed Team' }).waitFor();
    await expect.poll(() => page.getByTestId('admin-jobs').locator('.metric-value').textContent()).toBe('2');
    expect(await page.getByTestId('admin-members').locator('.metric-value').textContent()).toBe('1');
    expect(new URL(page.url()).searchParams.get('organization')).toBe(team);
    await page.screenshot({ path: path.join(SHOTS, 'admin-organization.png'), fullPage: true });

    // A queue page keeps the narrowing, and the way back leads to the narrowed page.
    await page.getByRole('link', { name: 'single' }).click();
    await page.getByText('one organisation').waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Admin', exact: true }).click();
    await page.getByRole('heading', { name: 'Organisation: Narrowed Team' }).waitFor();
    await page.getByRole('button', { name: 'Whole system' }).click();
    await page.getByRole('heading', { name: 'Whole system' }).waitFor();
    await page.close();
  });
});
