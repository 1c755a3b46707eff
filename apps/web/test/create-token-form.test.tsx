import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '@docket/contracts/auth';
import { useCreateApiToken } from '../src/features/tokens/api/api-tokens.ts';
import { CreateTokenForm } from '../src/features/tokens/components/create-token-form.tsx';
import { writeSession } from '../src/lib/session.ts';
import { PERSONAL, renderInOrganization } from './support/organization-fixtures.tsx';

const signIn = (role: Role) =>
  writeSession({ user: { id: '9b2f3c1e-8a4d-4f6b-9c0d-1e2f3a4b5c6d', email: 'a@example.com', role, created_at: '2026-11-24T00:00:00.000Z' }, accessToken: 'access', expiresAt: Date.now() + 900_000 });

// What the form sends to POST /api/tokens: the only request it makes.
let sent: unknown[];
beforeEach(() => {
  sent = [];
  vi.stubGlobal('fetch', async (_path: string, init: RequestInit) => {
    sent.push(JSON.parse(String(init.body)));
    return new Response(JSON.stringify({ error: { code: 'forbidden', message: 'no' }, request_id: 'r' }), { status: 403, headers: { 'content-type': 'application/json' } });
  });
});
afterEach(() => {
  cleanup();
  writeSession(null);
  vi.unstubAllGlobals();
});

function Harness() {
  return <CreateTokenForm create={useCreateApiToken()} />;
}

const renderForm = () => renderInOrganization(<Harness />, { active: PERSONAL }).user;

const offered = () => screen.getAllByRole('checkbox').map((box) => box.parentElement?.querySelector('code')?.textContent);

describe('create token form', () => {
  it('offers admin:read neither to a user nor without a session', () => {
    signIn('user');
    renderForm();
    expect(offered()).toEqual(['jobs:read', 'jobs:write', 'history:read', 'usage:read']);
    cleanup();
    writeSession(null);
    renderForm();
    expect(offered()).toEqual(['jobs:read', 'jobs:write', 'history:read', 'usage:read']);
  });

  it.each(['system_admin', 'super_admin'] as const)('offers admin:read to a %s and sends it', async (role) => {
    signIn(role);
    const user = renderForm();
    expect(offered()).toEqual(['jobs:read', 'jobs:write', 'history:read', 'usage:read', 'admin:read']);
    await user.type(screen.getByLabelText('Name'), 'monitoring');
    await user.click(screen.getByRole('checkbox', { name: /admin:read/ }));
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    await vi.waitFor(() => expect(sent).toEqual([{ name: 'monitoring', scopes: ['jobs:read', 'jobs:write', 'admin:read'], expires_in_days: 90 }]));
  });

  it('withdraws admin:read, checked or not, when a refreshed session brings a lower role', async () => {
    signIn('system_admin');
    const user = renderForm();
    await user.type(screen.getByLabelText('Name'), 'monitoring');
    await user.click(screen.getByRole('checkbox', { name: /admin:read/ }));
    act(() => signIn('user'));
    expect(offered()).not.toContain('admin:read');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    await vi.waitFor(() => expect(sent).toEqual([{ name: 'monitoring', scopes: ['jobs:read', 'jobs:write'], expires_in_days: 90 }]));
  });
});
