import { cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthForm } from '../src/features/auth/components/auth-form.tsx';
import { AcceptInvitationPage } from '../src/features/organizations/components/accept-invitation-page.tsx';
import { writeSession } from '../src/lib/session.ts';
import { errorAnswer, fakeApi, type SeenRequest } from './support/fake-api.ts';
import { acme, ME, PERSONAL, renderInOrganization, signInAsMe } from './support/organization-fixtures.tsx';

const ORG = acme('member').id;
let seen: SeenRequest[];
beforeEach(() => {
  signInAsMe();
  seen = fakeApi({
    'GET /api/organizations': { items: [PERSONAL, acme('member')], next_cursor: null },
    'POST /api/invitations/accept': (request: SeenRequest) =>
      (request.body as { code: string }).code === 'dki_good' ? acme('member') : errorAnswer(404, 'not_found', 'this invitation code is not valid; ask whoever invited you for a new one'),
  });
});
afterEach(() => {
  cleanup();
  writeSession(null);
  vi.unstubAllGlobals();
});

describe('invitation link', () => {
  it('joins the organisation, makes it the active one and lands on its dashboard', async () => {
    const select = vi.fn();
    const { user } = renderInOrganization(<AcceptInvitationPage />, { active: PERSONAL, organizations: [PERSONAL], select, path: '/invitations/dki_good', pattern: '/invitations/:code' });
    expect(screen.getByText(ME.email)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Accept invitation' }));
    await vi.waitFor(() => expect(select).toHaveBeenCalledWith(ORG));
    await vi.waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/'));
    expect(seen.find((request) => request.method === 'POST')?.body).toEqual({ code: 'dki_good' });
  });

  it('says a used, revoked or expired code is no good, and stays', async () => {
    const select = vi.fn();
    const { user } = renderInOrganization(<AcceptInvitationPage />, { active: PERSONAL, select, path: '/invitations/dki_spent', pattern: '/invitations/:code' });
    await user.click(screen.getByRole('button', { name: 'Accept invitation' }));
    expect((await screen.findByRole('alert')).textContent).toBe('this invitation code is not valid; ask whoever invited you for a new one');
    expect(select).not.toHaveBeenCalled();
    expect(screen.getByTestId('location').textContent).toBe('/invitations/dki_spent');
  });

  it('asks a signed-out visitor to sign in or up to accept it', () => {
    writeSession(null);
    renderInOrganization(<AuthForm mode="sign-in" />, { active: PERSONAL, path: `/sign-in?next=${encodeURIComponent('/invitations/dki_good')}` });
    expect(screen.getByText(/to accept your invitation/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Create an account' }).getAttribute('href')).toBe(`/sign-up?next=${encodeURIComponent('/invitations/dki_good')}`);
  });
});
