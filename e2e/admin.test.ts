import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDocket, type TestDocket } from '../apps/api/test/support/test-docket.ts';
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

describe.skipIf(!CHROMIUM)('admin section in Chromium', () => {
  beforeAll(async () => {
    docket = await startTestDocket();
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
    expect(promote.stdout).toBe('ops@e2e.example.com is now an admin\n');
    // The role travels in the session: sign in again to pick it up.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill('ops@e2e.example.com');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
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

  it('hides the section from a normal user, who cannot load its data either', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signUp(page, 'someone@e2e.example.com');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await page.goto(`${docket.url}/admin`);
    await page.getByText('this endpoint is for administrators').waitFor();
    await context.close();
  });
});
