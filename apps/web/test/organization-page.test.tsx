import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OrganizationRole } from '@docket/contracts/organizations';
import { OrganizationPage } from '../src/features/organizations/components/organization-page.tsx';
import { writeSession } from '../src/lib/session.ts';
import { Answer, errorAnswer, fakeApi, type SeenRequest } from './support/fake-api.ts';
import { acme, ALICE, AT, ME, member, PERSONAL, renderInOrganization, signInAsMe } from './support/organization-fixtures.tsx';

const OWNER = { id: '00000000-0000-4000-8000-00000000000c', email: 'owner@example.com' };
const BOB = { id: '00000000-0000-4000-8000-00000000000d', email: 'bob@example.com' };
const INVITATION = { id: 'c0000000-0000-4000-8000-000000000001', role: 'member', created_at: AT, expires_at: '2026-12-06T12:00:00.000Z' };
const ORG = acme('owner').id;
const IDP = 'https://login.example.com/realms/acme';
const link = (id: string, claimValue: string, role: OrganizationRole, createdBy: string | null = OWNER.id) => ({ id, issuer: IDP, claim_value: claimValue, role, created_by: createdBy, created_at: AT });
const LINKS = [link('d0000000-0000-4000-8000-000000000001', 'legal', 'member'), link('d0000000-0000-4000-8000-000000000002', 'partners', 'owner', null)];

/** The members as the server lists them: owners first; ME with `role`. */
const membersWithMe = (role: OrganizationRole) => [member(OWNER, 'owner'), ...[member(ALICE, 'admin'), member(BOB, 'member'), member(ME, role)].sort((a, b) => a.role.localeCompare(b.role) || a.email.localeCompare(b.email))];

let seen: SeenRequest[];
const serve = (role: OrganizationRole, extra: Record<string, unknown> = {}) => {
  seen = fakeApi({
    [`GET /api/organizations/${ORG}/members`]: { items: membersWithMe(role), next_cursor: null },
    [`GET /api/organizations/${ORG}/invitations`]: { items: [INVITATION], next_cursor: null },
    [`GET /api/organizations/${ORG}/identity-links`]: { items: LINKS, next_cursor: null, linkable_issuers: [IDP] },
    'GET /api/organizations': { items: [PERSONAL, acme(role)], next_cursor: null },
    ...extra,
  });
};
beforeEach(() => {
  signInAsMe();
  vi.spyOn(window, 'confirm').mockReturnValue(true);
});
afterEach(() => {
  cleanup();
  writeSession(null);
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/** Per member row: the role as shown (a menu's options, or the plain role) and the buttons on it. */
async function memberRows() {
  const table = await screen.findByRole('table', { name: 'Members' });
  return Object.fromEntries(
    within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => {
        const [who, role] = within(row).getAllByRole('cell');
        const menu = within(role!).queryByRole('combobox');
        const roles = menu ? within(menu).getAllByRole('option').map((option) => option.textContent) : role!.textContent;
        return [who!.textContent, { roles, buttons: within(row).queryAllByRole('button').map((button) => button.textContent) }];
      }),
  );
}

describe('organisation page: members', () => {
  it('says which members an identity provider’s claim brought in', async () => {
    serve('owner', {
      [`GET /api/organizations/${ORG}/members`]: { items: [member(OWNER, 'owner'), { ...member(BOB, 'member'), granted_by_issuer: 'https://login.example.com/realms/acme' }], next_cursor: null },
    });
    renderInOrganization(<OrganizationPage />, { active: acme('owner') });
    const table = await screen.findByRole('table', { name: 'Members' });
    const row = (email: string) => within(table).getByRole('row', { name: new RegExp(email) });
    expect(row(BOB.email).textContent).toContain('via login.example.com');
    expect(row(OWNER.email).textContent).not.toContain('via');
  });

  it('gives an owner every control: any role for anyone, Remove for the others, Leave for themselves', async () => {
    serve('owner');
    renderInOrganization(<OrganizationPage />, { active: acme('owner') });
    const all = ['owner', 'admin', 'member'];
    expect(await memberRows()).toEqual({
      [OWNER.email]: { roles: all, buttons: ['Remove'] },
      [`${ME.email} (you)`]: { roles: all, buttons: ['Leave'] },
      [ALICE.email]: { roles: all, buttons: ['Remove'] },
      [BOB.email]: { roles: all, buttons: ['Remove'] },
    });
  });

  it('lets an admin manage admins and members but not owners, and make no owner', async () => {
    serve('admin');
    renderInOrganization(<OrganizationPage />, { active: acme('admin') });
    expect(await memberRows()).toEqual({
      [OWNER.email]: { roles: 'owner', buttons: [] },
      [ALICE.email]: { roles: ['admin', 'member'], buttons: ['Remove'] },
      [`${ME.email} (you)`]: { roles: ['admin', 'member'], buttons: ['Leave'] },
      [BOB.email]: { roles: ['admin', 'member'], buttons: ['Remove'] },
    });
  });

  it('shows a member the members and nothing to change but leaving; no invitations, no settings', async () => {
    serve('member');
    renderInOrganization(<OrganizationPage />, { active: acme('member') });
    expect(await memberRows()).toEqual({
      [OWNER.email]: { roles: 'owner', buttons: [] },
      [ALICE.email]: { roles: 'admin', buttons: [] },
      [BOB.email]: { roles: 'member', buttons: [] },
      [`${ME.email} (you)`]: { roles: 'member', buttons: ['Leave'] },
    });
    expect(screen.queryByRole('heading', { name: 'Invitations' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Settings' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Identity provider links' })).toBeNull();
    expect(seen.some((request) => request.path.endsWith('/invitations') || request.path.endsWith('/identity-links'))).toBe(false);
  });

  it('changes a role with the server’s answer, and shows its refusal', async () => {
    serve('owner', {
      [`PATCH /api/organizations/${ORG}/members/${BOB.id}`]: (request: SeenRequest) => ({ items: [member(OWNER, 'owner'), member(ME, 'owner'), { ...member(BOB, 'member'), role: (request.body as { role: OrganizationRole }).role }, member(ALICE, 'admin')], next_cursor: null }),
      [`PATCH /api/organizations/${ORG}/members/${ME.id}`]: errorAnswer(409, 'conflict', 'the organisation needs an owner: make another member an owner first'),
    });
    const { user } = renderInOrganization(<OrganizationPage />, { active: acme('owner') });
    await user.selectOptions(await screen.findByRole('combobox', { name: `Role of ${BOB.email}` }), 'admin');
    await vi.waitFor(() => expect((screen.getByRole('combobox', { name: `Role of ${BOB.email}` }) as HTMLSelectElement).value).toBe('admin'));
    await user.selectOptions(screen.getByRole('combobox', { name: `Role of ${ME.email}` }), 'member');
    expect((await screen.findByRole('alert')).textContent).toBe('the organisation needs an owner: make another member an owner first');
  });

  it('leaves the organisation and goes to the dashboard', async () => {
    serve('member', { [`DELETE /api/organizations/${ORG}/members/${ME.id}`]: new Answer(204) });
    const { user } = renderInOrganization(<OrganizationPage />, { active: acme('member'), path: '/organization' });
    await user.click(await screen.findByRole('button', { name: 'Leave' }));
    await vi.waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/'));
    expect(window.confirm).toHaveBeenCalledWith(expect.stringMatching(/^Leave Acme\?/));
  });
});

describe('organisation page: invitations and settings', () => {
  it('shows a new invitation’s link and code once, with copy buttons, and lists the pending ones with their expiry', async () => {
    const created = { ...INVITATION, id: 'c0000000-0000-4000-8000-000000000002', role: 'admin', code: 'dki_secret', url: 'http://docket.test/invitations/dki_secret' };
    serve('admin', { [`POST /api/organizations/${ORG}/invitations`]: new Answer(201, created) });
    const { user } = renderInOrganization(<OrganizationPage />, { active: acme('admin') });
    const pending = await screen.findByRole('table', { name: 'Pending invitations' });
    expect(within(pending).getAllByRole('row')[1]!.querySelector('time[datetime="2026-12-06T12:00:00.000Z"]')).not.toBeNull();

    await user.selectOptions(screen.getByLabelText('Role'), 'admin');
    await user.selectOptions(screen.getByLabelText('Valid for'), '30');
    await user.click(screen.getByRole('button', { name: 'Create invitation' }));
    expect(((await screen.findByTestId('invitation-link')) as HTMLInputElement).value).toBe(created.url);
    expect((screen.getByTestId('invitation-code') as HTMLInputElement).value).toBe('dki_secret');
    expect(screen.getByText(/shown only once, lets one person join as admin/)).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Invitations' })).getAllByRole('button', { name: 'Copy' })).toHaveLength(2);
    expect(seen.find((request) => request.method === 'POST')?.body).toEqual({ role: 'admin', expires_in_days: 30 });
  });

  it('revokes a pending invitation', async () => {
    serve('owner', { [`DELETE /api/organizations/${ORG}/invitations/${INVITATION.id}`]: new Answer(204) });
    const { user } = renderInOrganization(<OrganizationPage />, { active: acme('owner') });
    await user.click(within(await screen.findByRole('table', { name: 'Pending invitations' })).getByRole('button', { name: 'Revoke' }));
    await vi.waitFor(() => expect(seen.some((request) => request.method === 'DELETE' && request.path.endsWith(INVITATION.id))).toBe(true));
  });

  it('offers deleting to owners only, and shows why the server refused', async () => {
    const refusal = 'the organisation still has jobs; an organisation is deleted only once it holds none';
    serve('owner', { [`DELETE /api/organizations/${ORG}`]: errorAnswer(409, 'conflict', refusal) });
    const { user } = renderInOrganization(<OrganizationPage />, { active: acme('owner') });
    await user.click(await screen.findByRole('button', { name: 'Delete organisation' }));
    expect((await screen.findByRole('alert')).textContent).toBe(refusal);
    expect(screen.getByTestId('location').textContent).toBe('/');
    cleanup();

    serve('admin');
    renderInOrganization(<OrganizationPage />, { active: acme('admin') });
    expect(await screen.findByRole('button', { name: 'Rename' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Delete organisation' })).toBeNull();
  });

  it('explains a personal organisation cannot be shared, and offers to create one', async () => {
    serve('owner');
    renderInOrganization(<OrganizationPage />, { active: PERSONAL });
    expect(screen.getByRole('heading', { name: 'Personal organisation' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Create organisation' })).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Members' })).toBeNull();
  });
});

describe('organisation page: identity provider links', () => {
  /** Per link row: provider, value, role, created by, and the buttons on it. */
  async function linkRows() {
    const table = await screen.findByRole('table', { name: 'Identity provider links' });
    return within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => [...within(row).getAllByRole('cell').slice(0, 4).map((cell) => cell.textContent), within(row).queryAllByRole('button').map((button) => button.textContent)]);
  }

  it('shows an owner the links with who made them, and links a claim value of a provider with an organisations claim', async () => {
    const created = link('d0000000-0000-4000-8000-000000000003', 'paralegals', 'admin', ME.id);
    serve('owner', { [`POST /api/organizations/${ORG}/identity-links`]: new Answer(201, created) });
    const { user } = renderInOrganization(<OrganizationPage />, { active: acme('owner') });
    await vi.waitFor(async () => expect((await linkRows())[0]![3]).toBe(OWNER.email));
    expect(await linkRows()).toEqual([
      ['login.example.com', 'legal', 'member', OWNER.email, ['Delete']],
      ['login.example.com', 'partners', 'owner', 'a former member', ['Delete']],
    ]);
    const form = within(screen.getByRole('region', { name: 'Identity provider links' }));
    expect(within(form.getByLabelText('Identity provider')).getAllByRole('option').map((option) => option.textContent)).toEqual(['login.example.com']);
    expect(within(form.getByLabelText('Role it gives')).getAllByRole('option').map((option) => (option as HTMLOptionElement).value)).toEqual(['member', 'admin', 'owner']);

    await user.type(form.getByLabelText('Claim value'), '  paralegals ');
    await user.selectOptions(form.getByLabelText('Role it gives'), 'admin');
    await user.click(form.getByRole('button', { name: 'Link' }));
    await vi.waitFor(() => expect(seen.find((request) => request.method === 'POST')?.body).toEqual({ issuer: IDP, claim_value: 'paralegals', role: 'admin' }));
    // The list is asked again after the link is made.
    await vi.waitFor(() => expect(seen.filter((request) => request.method === 'GET' && request.path.endsWith('/identity-links'))).toHaveLength(2));
    expect((form.getByLabelText('Claim value') as HTMLInputElement).value).toBe('');
  });

  it('lets an admin link and delete member and admin links only, and shows the server’s refusal', async () => {
    serve('admin', {
      [`POST /api/organizations/${ORG}/identity-links`]: errorAnswer(409, 'conflict', `${IDP}'s claim value "legal" is already linked to this organisation`),
      [`DELETE /api/organizations/${ORG}/identity-links/${LINKS[0]!.id}`]: new Answer(204),
    });
    const { user } = renderInOrganization(<OrganizationPage />, { active: acme('admin') });
    expect((await linkRows()).map((row) => row[4])).toEqual([['Delete'], []]);
    const form = within(screen.getByRole('region', { name: 'Identity provider links' }));
    expect(within(form.getByLabelText('Role it gives')).queryByRole('option', { name: /owner/ })).toBeNull();

    await user.type(form.getByLabelText('Claim value'), 'legal');
    await user.click(form.getByRole('button', { name: 'Link' }));
    expect((await form.findByRole('alert')).textContent).toBe(`${IDP}'s claim value "legal" is already linked to this organisation`);

    await user.click(within(await screen.findByRole('table', { name: 'Identity provider links' })).getByRole('button', { name: 'Delete' }));
    await vi.waitFor(() => expect(seen.some((request) => request.method === 'DELETE' && request.path.endsWith(LINKS[0]!.id))).toBe(true));
    expect(window.confirm).toHaveBeenCalledWith(expect.stringMatching(/^Delete the link of legal\?/));
  });

  it('says when no provider has an organisations claim, and offers no form', async () => {
    serve('owner', { [`GET /api/organizations/${ORG}/identity-links`]: { items: [], next_cursor: null, linkable_issuers: [] } });
    renderInOrganization(<OrganizationPage />, { active: acme('owner') });
    expect(await screen.findByText('No claim values linked.')).toBeTruthy();
    expect(screen.getByText(/No identity provider has an organisations claim configured/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Link' })).toBeNull();
  });
});
