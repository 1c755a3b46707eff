import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdminOrganization, AdminStats, AdminWorkers } from '@docket/contracts/admin';
import { AdminPage } from '../src/features/admin/components/admin-page.tsx';

const AT = '2026-11-29T12:00:00.000Z';
const ACME: AdminOrganization = { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', name: 'Acme', personal: false, members: 3, created_at: AT };
const BETA: AdminOrganization = { id: '16fd2706-8baf-433b-82eb-8c7fada847da', name: 'Beta', personal: false, members: 1, created_at: AT };

const stats = (jobs: number, users: number): AdminStats => ({
  total_jobs: jobs,
  by_status: { queued: 0, running: 0, succeeded: jobs, failed: 0, cancelled: 0 },
  total_documents: jobs,
  documents_by_status: { queued: 0, processing: 0, succeeded: jobs, failed: 0, cancelled: 0 },
  total_users: users,
  generated_at: AT,
});
const NO_WORKERS: AdminWorkers = { active: null, scheduled: null, reserved: null, revoked: null, stats: null };

/** Every request the page made: its path and the organisation it was narrowed to. */
let requests: Array<{ path: string; tenant: string | null }> = [];

// The server: whole-system numbers without x-tenantid, Acme's with it; the organisation search by name or id.
beforeEach(() => {
  requests = [];
  vi.stubGlobal('fetch', async (path: string, init: RequestInit = {}) => {
    const tenant = new Headers(init.headers).get('x-tenantid');
    requests.push({ path, tenant });
    const url = new URL(path, 'http://docket.test');
    const answers: Record<string, unknown> = {
      '/api/admin/stats': tenant === ACME.id ? stats(4, 3) : stats(100, 20),
      '/api/admin/queues': { items: [] },
      '/api/admin/workers': NO_WORKERS,
      '/api/admin/organizations': {
        items: [ACME, BETA].filter((organization) => organization.id === url.searchParams.get('query') || organization.name.toLowerCase().includes((url.searchParams.get('query') ?? '').toLowerCase())),
        next_cursor: null,
      },
    };
    return new Response(JSON.stringify(answers[url.pathname]), { status: 200, headers: { 'content-type': 'application/json' } });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function Address() {
  const location = useLocation();
  return <output data-testid="address">{`${location.pathname}${location.search}`}</output>;
}

const renderAdmin = (entry: string) =>
  render(
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter initialEntries={[entry]}>
        <Routes>
          <Route path="/admin" element={<><AdminPage /><Address /></>} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );

const metric = (testId: string) => screen.getByTestId(testId).querySelector('.metric-value')?.textContent;

describe('the admin page’s organisation filter', () => {
  it('shows the whole system until an organisation is picked, then that organisation’s numbers, sent as x-tenantid', async () => {
    renderAdmin('/admin');
    await waitFor(() => expect(metric('admin-jobs')).toBe('100'));
    expect(screen.getByRole('heading', { name: 'Whole system' })).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Find an organisation'), { target: { value: 'ac' } });
    const matches = await screen.findByRole('list', { name: 'Organisations found' });
    await waitFor(() => expect(within(matches).getAllByRole('button').map((button) => button.textContent)).toEqual(['Acme · 3 members']));
    fireEvent.click(within(matches).getByRole('button', { name: /Acme/ }));

    await waitFor(() => expect(metric('admin-jobs')).toBe('4'));
    expect(metric('admin-members')).toBe('3');
    expect(screen.getByRole('heading', { name: 'Organisation: Acme' })).toBeTruthy();
    expect(screen.getByTestId('address').textContent).toBe(`/admin?organization=${ACME.id}`);
    for (const path of ['/api/admin/stats', '/api/admin/queues', '/api/admin/workers']) {
      expect(requests.some((request) => request.path === path && request.tenant === ACME.id), path).toBe(true);
    }
    // The search itself is never narrowed.
    expect(requests.filter((request) => request.path.startsWith('/api/admin/organizations')).every((request) => request.tenant === null)).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Whole system' }));
    await waitFor(() => expect(metric('admin-jobs')).toBe('100'));
    expect(screen.getByTestId('address').textContent).toBe('/admin');
  });

  it('comes back narrowed from the address, naming the organisation it holds only the id of', async () => {
    renderAdmin(`/admin?organization=${ACME.id}`);
    await waitFor(() => expect(metric('admin-jobs')).toBe('4'));
    expect(await screen.findByRole('heading', { name: 'Organisation: Acme' })).toBeTruthy();
  });

  it('ignores an address that names no organisation id', async () => {
    renderAdmin('/admin?organization=not-an-id');
    await waitFor(() => expect(metric('admin-jobs')).toBe('100'));
    expect(requests.every((request) => request.tenant === null)).toBe(true);
  });
});
