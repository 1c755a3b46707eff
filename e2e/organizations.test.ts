import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIdentityProvider, type TestIdentityProvider } from '../packages/auth/test-support/test-identity-provider.ts';
import { ON_EMBEDDED_ENGINE, startTestDocket, type TestDocket } from '../apps/api/test/support/test-docket.ts';
import { corruptPdf, ENGLISH } from '../test/fixtures/documents.ts';
import { CHROMIUM, launchBrowser } from './browser.ts';

// Three people in three browsers against one real Docket: an owner who creates an
// organisation and invites, a member who joins through the invitation link, and an outsider;
// and a colleague whom an identity provider's claim brings in through a link the owner made.
// Screenshots as in dashboard.test.ts (SAVE_SCREENSHOTS=1: the README's pictures).
const SHOTS = path.resolve(process.env.SAVE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots');
const PASSWORD = 'a long enough password';

let docket: TestDocket;
let idp: TestIdentityProvider;
let browser: Browser;
let owner: Page;
let member: Page;
let outsider: Page;
/** The owner's job in the organisation: its only document fails, so the owner may retry it. */
let ownerJobId: string;
let invitationLink: string;

/** A page of its own browser context: its own cookies and storage, as another person's browser. */
async function personPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  return context.newPage();
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
const metric = (page: Page, name: string) => page.getByTestId(`metric-${name}`).locator('.metric-value');
const activeOrganization = (page: Page) => page.getByTestId('active-organization').textContent();

async function signUp(page: Page, email: string): Promise<void> {
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** Uploads one file in the page's active organisation; returns the job's id once its page says it settled as `status`. */
async function upload(page: Page, file: { name: string; mimeType: string; buffer: Buffer }, status: string): Promise<string> {
  await nav(page, 'Upload').click();
  await page.getByTestId('file-input').setInputFiles([file]);
  await page.getByRole('button', { name: 'Upload 1 file' }).click();
  await page.getByRole('link', { name: 'Open the job' }).click();
  await page.locator('h1 .badge', { hasText: status }).waitFor({ timeout: 30_000 });
  return page.url().split('/jobs/')[1]!;
}

describe.skipIf(!CHROMIUM)('organisations in Chromium', () => {
  beforeAll(async () => {
    idp = await startTestIdentityProvider({ audience: 'docket', realm: 'corp' });
    docket = await startTestDocket(
      { OIDC_ISSUERS: JSON.stringify([{ issuer: idp.issuer, audience: 'docket', realm: 'corp', organizations_claim: 'groups' }]) },
      { embeddedDefault: ON_EMBEDDED_ENGINE },
    );
    browser = await launchBrowser();
    [owner, member, outsider] = [await personPage(), await personPage(), await personPage()];
    await mkdir(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await docket?.stop();
    await idp?.stop();
  });

  it('lets the owner create an organisation from the switcher, invite with a link shown once, and submit a job there', async () => {
    await owner.goto(docket.url);
    await signUp(owner, 'owner@example.com');
    await owner.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(await activeOrganization(owner)).toBe('Personal');

    await owner.getByRole('button', { name: /^Organisation:/ }).click();
    await owner.getByLabel('New organisation name').fill('Acme');
    await owner.getByRole('button', { name: 'Create organisation' }).click();
    await owner.getByRole('heading', { name: 'Acme' }).waitFor();
    expect(await activeOrganization(owner)).toBe('Acme');

    await owner.getByLabel('Role', { exact: true }).selectOption('member');
    await owner.getByRole('button', { name: 'Create invitation' }).click();
    invitationLink = await owner.getByTestId('invitation-link').inputValue();
    expect(invitationLink).toMatch(new RegExp(`^${docket.url}/invitations/dki_`));
    await owner.getByRole('table', { name: 'Pending invitations' }).getByRole('row', { name: /member/ }).waitFor();

    ownerJobId = await upload(owner, { name: 'broken.pdf', mimeType: 'application/pdf', buffer: corruptPdf() }, 'failed');
    // The owner may retry any job of the organisation.
    await owner.getByRole('button', { name: 'Retry 1 failed' }).waitFor();
  });

  it('brings the invitee in through the link: sign-up first, then back to it, then into the organisation', async () => {
    await member.goto(invitationLink);
    await expect.poll(() => member.url()).toContain(`/sign-in?next=${encodeURIComponent(new URL(invitationLink).pathname)}`);
    await member.getByText('to accept your invitation').waitFor();
    await signUp(member, 'member@example.com');
    await member.getByRole('button', { name: 'Accept invitation' }).click();
    await member.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(member.url()).toBe(`${docket.url}/`);
    expect(await activeOrganization(member)).toBe('Acme');
    // The invitation is spent: the owner's list of pending ones is empty again.
    await nav(owner, 'Organisation').click();
    await owner.getByText('No pending invitations.').waitFor();

    await upload(member, { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(ENGLISH) }, 'completed');
    // A reload keeps the member in the organisation they chose.
    await member.reload();
    await member.getByRole('heading', { name: /job/ }).waitFor();
    expect(await activeOrganization(member)).toBe('Acme');
  });

  it('shows both of them the organisation’s numbers, and each their own on request', async () => {
    for (const page of [owner, member]) {
      await nav(page, 'Dashboard').click();
      await expect.poll(() => metric(page, 'total-jobs').textContent()).toBe('2');
      expect(await page.getByTestId('status-count-failed').textContent()).toBe('1');
      expect(await page.getByTestId('status-count-completed').textContent()).toBe('1');
    }
    await member.getByRole('button', { name: 'All my jobs' }).click();
    await expect.poll(() => metric(member, 'total-jobs').textContent()).toBe('1');

    await nav(member, 'Jobs').click();
    await member.getByRole('row', { name: /single .*failed.*owner@example\.com/ }).waitFor();
    await member.getByRole('row', { name: /single .*completed.*you/ }).waitFor();
  });

  it('hides from the member what only owners and admins may do', async () => {
    await member.goto(`${docket.url}/jobs/${ownerJobId}`);
    await member.getByText('Submitted by owner@example.com').waitFor();
    expect(await member.getByRole('button', { name: /Retry/ }).count()).toBe(0);

    await nav(member, 'Organisation').click();
    const members = member.getByRole('table', { name: 'Members' });
    await members.getByRole('row', { name: /member@example\.com \(you\)/ }).getByRole('button', { name: 'Leave' }).waitFor();
    expect(await members.getByRole('combobox').count()).toBe(0);
    expect(await members.getByRole('button', { name: 'Remove' }).count()).toBe(0);
    expect(await member.getByRole('button', { name: 'Create invitation' }).count()).toBe(0);
    expect(await member.getByRole('button', { name: 'Delete organisation' }).count()).toBe(0);
    expect(await member.getByRole('heading', { name: 'Identity provider links' }).count()).toBe(0);

    await nav(member, 'Webhooks').click();
    await member.getByText('Owners and admins of this organisation create and delete its endpoints.').waitFor();
    expect(await member.getByRole('button', { name: 'Create endpoint' }).count()).toBe(0);

    // The owner, on the same page, has every control.
    await nav(owner, 'Organisation').click();
    await owner.getByRole('combobox', { name: 'Role of member@example.com' }).waitFor();
    expect(await owner.getByRole('button', { name: 'Delete organisation' }).count()).toBe(1);
    await owner.getByLabel('Role', { exact: true }).selectOption('admin');
    await owner.getByRole('button', { name: 'Create invitation' }).click();
    await owner.getByRole('table', { name: 'Pending invitations' }).getByRole('row', { name: /admin/ }).waitFor();
  });

  it('links a value of the identity provider’s claim: whoever holds it signs in as a member, marked as such', async () => {
    const provider = new URL(idp.issuer).host;
    expect(await owner.getByLabel('Identity provider', { exact: true }).locator('option').allTextContents()).toEqual([provider]);
    await owner.getByLabel('Claim value').fill('acme-staff');
    await owner.getByRole('button', { name: 'Link', exact: true }).click();
    const links = owner.getByRole('table', { name: 'Identity provider links' });
    await links.getByRole('row', { name: /acme-staff .*member.*you/ }).waitFor();

    // A colleague signs in with a token of that provider whose claim holds the value.
    const key = await idp.addKey('RS256');
    const token = await idp.sign(key, { sub: 'colleague', email: 'colleague@example.com', groups: ['acme-staff'] });
    const organizations = (await (await fetch(`${docket.url}/api/organizations`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Array<{ name: string; role: string }> };
    expect(organizations.items.map((organization) => [organization.name, organization.role])).toContainEqual(['Acme', 'member']);

    await owner.reload();
    await owner.getByRole('table', { name: 'Members' }).getByRole('row', { name: new RegExp(`colleague@example\\.com .*via ${provider.replace(/\./g, '\\.')}`) }).waitFor();
    await owner.screenshot({ path: path.join(SHOTS, 'organization.png'), fullPage: true });

    // Deleting the link: the colleague goes at their next sign-in with the provider.
    owner.once('dialog', (dialog) => void dialog.accept());
    await links.getByRole('row', { name: /acme-staff/ }).getByRole('button', { name: 'Delete' }).click();
    await owner.getByText('No claim values linked.').waitFor();
    await fetch(`${docket.url}/api/organizations`, { headers: { authorization: `Bearer ${await idp.sign(key, { sub: 'colleague', email: 'colleague@example.com', groups: ['acme-staff'] })}` } });
    await owner.reload();
    await owner.getByRole('table', { name: 'Members' }).getByRole('row', { name: /member@example\.com/ }).waitFor();
    expect(await owner.getByRole('table', { name: 'Members' }).getByRole('row', { name: /colleague@example\.com/ }).count()).toBe(0);
  });

  it('keeps the outsider out: no such organisation to pick, no jobs listed, the owner’s job not found', async () => {
    await outsider.goto(docket.url);
    await signUp(outsider, 'outsider@example.com');
    await outsider.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await outsider.getByRole('button', { name: /^Organisation:/ }).click();
    expect(await outsider.getByRole('list', { name: 'Your organisations' }).getByRole('button').allTextContents()).toEqual(['Personaljust you']);
    await outsider.keyboard.press('Escape');
    expect(await metric(outsider, 'total-jobs').textContent()).toBe('0');

    await nav(outsider, 'Jobs').click();
    await outsider.getByText('No jobs yet.').waitFor();
    await outsider.goto(`${docket.url}/jobs/${ownerJobId}`);
    await outsider.getByRole('alert').getByText('job not found').waitFor();
  });
});
