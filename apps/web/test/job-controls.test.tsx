import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Job } from '@docket/contracts/jobs';
import type { OrganizationRole } from '@docket/contracts/organizations';
import { JobHead } from '../src/features/jobs/components/job-head.tsx';
import { CallbackSecretCard } from '../src/features/tokens/components/callback-secret-card.tsx';
import { TokensCard } from '../src/features/tokens/components/tokens-card.tsx';
import { WebhooksPage } from '../src/features/webhooks/components/webhooks-page.tsx';
import { writeSession } from '../src/lib/session.ts';
import { fakeApi, type SeenRequest } from './support/fake-api.ts';
import { acme, ALICE, job, ME, member, renderInOrganization, signInAsMe } from './support/organization-fixtures.tsx';

const ORG = acme('member').id;
let seen: SeenRequest[];
beforeEach(() => {
  signInAsMe();
  seen = fakeApi({
    [`GET /api/organizations/${ORG}/members`]: { items: [member(ALICE, 'owner'), member(ME, 'member')], next_cursor: null },
    'GET /api/callback-secret': { secret: 'whsec_c2VjcmV0' },
    'GET /api/tokens': { items: [{ id: 'f0000000-0000-4000-8000-000000000001', name: 'ci', user_id: ALICE.id, scopes: ['jobs:read'], created_at: '2026-11-29T12:00:00.000Z', expires_at: null, last_used_at: null }], next_cursor: null },
    'GET /api/webhook-endpoints': { items: [{ id: 'e0000000-0000-4000-8000-000000000001', name: 'CRM export', url: 'http://docket.test/api/webhooks/e1', created_at: '2026-11-29T12:00:00.000Z' }], next_cursor: null },
  });
});
afterEach(() => {
  cleanup();
  writeSession(null);
  vi.unstubAllGlobals();
});

const running = (userId: string): Job => ({ ...job('b0000000-0000-4000-8000-000000000001', ORG, userId, { status: 'processing', completed_at: null }), documents: [], error: null, callback_url: null });

describe('controls a role may not use', () => {
  it.each<[OrganizationRole, string, string, boolean]>([
    ['member', 'another member’s', ALICE.id, false],
    ['member', 'their own', ME.id, true],
    ['admin', 'another member’s', ALICE.id, true],
    ['owner', 'another member’s', ALICE.id, true],
  ])('offers a %s Cancel on %s job: %s', async (role, _whose, submitter, shown) => {
    renderInOrganization(<JobHead job={running(submitter)} />, { active: acme(role) });
    expect(screen.queryByRole('button', { name: 'Cancel job' }) !== null).toBe(shown);
    expect(await screen.findByText(new RegExp(`Submitted by ${submitter === ME.id ? 'you' : ALICE.email}`))).toBeTruthy();
  });

  it('shows a member the webhook endpoints without the means to create or delete one', async () => {
    renderInOrganization(<WebhooksPage />, { active: acme('member') });
    const table = await screen.findByRole('table', { name: 'Webhook endpoints' });
    expect(within(table).queryByRole('button', { name: 'Delete' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Create endpoint' })).toBeNull();
    expect(screen.getByText(/Owners and admins of this organisation create and delete its endpoints/)).toBeTruthy();
    expect(seen.find((request) => request.path === '/api/webhook-endpoints')?.organization).toBe(ORG);
    cleanup();

    renderInOrganization(<WebhooksPage />, { active: acme('admin') });
    expect(within(await screen.findByRole('table', { name: 'Webhook endpoints' })).getByRole('button', { name: 'Delete' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Create endpoint' })).toBeTruthy();
  });

  it('lets a member read the callback secret but not rotate it', async () => {
    const { user } = renderInOrganization(<CallbackSecretCard />, { active: acme('member') });
    await user.click(screen.getByRole('button', { name: 'Reveal secret' }));
    await vi.waitFor(() => expect(screen.getByTestId('callback-secret').textContent).toBe('whsec_c2VjcmV0'));
    expect(screen.queryByRole('button', { name: 'Rotate' })).toBeNull();
    cleanup();

    const admin = renderInOrganization(<CallbackSecretCard />, { active: acme('admin') });
    await admin.user.click(screen.getByRole('button', { name: 'Reveal secret' }));
    expect(await screen.findByRole('button', { name: 'Rotate' })).toBeTruthy();
  });

  it('names the member each token acts as for those who see every member’s tokens', async () => {
    renderInOrganization(<TokensCard />, { active: acme('owner') });
    const row = within(await screen.findByRole('table', { name: 'API tokens' })).getAllByRole('row')[1]!;
    await vi.waitFor(() => expect(within(row).getAllByRole('cell').slice(0, 2).map((cell) => cell.textContent)).toEqual(['ci', ALICE.email]));
    cleanup();

    renderInOrganization(<TokensCard />, { active: acme('member') });
    expect(within(await screen.findByRole('table', { name: 'API tokens' })).queryByRole('columnheader', { name: 'Acts as' })).toBeNull();
  });
});
