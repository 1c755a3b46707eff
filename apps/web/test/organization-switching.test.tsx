import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '@docket/contracts/auth';
import { JobsPage } from '../src/features/jobs/components/jobs-page.tsx';
import { OrganizationProvider } from '../src/features/organizations/components/organization-provider.tsx';
import { OrganizationSwitcher } from '../src/features/organizations/components/organization-switcher.tsx';
import { writeSession } from '../src/lib/session.ts';
import { errorAnswer, fakeApi, type SeenRequest } from './support/fake-api.ts';
import { acme, ALICE, AT, job, ME, member, PERSONAL, renderInOrganization, signInAsMe } from './support/organization-fixtures.tsx';

const ACME = acme('member');
const BETA = { ...acme('owner'), id: '10000000-0000-4000-8000-000000000003', name: 'Beta' };
const user: User = { id: ME.id, email: ME.email, role: 'user', created_at: AT };
const REMEMBERED = `docket.organization.${ME.id}`;

// Each organisation's jobs, as the server answers GET /api/jobs for the organisation the call names.
const JOBS: Record<string, ReturnType<typeof job>[]> = {
  [PERSONAL.id]: [job('a0000000-0000-4000-8000-000000000001', PERSONAL.id, ME.id, { job_type: 'single' })],
  [ACME.id]: [job('a0000000-0000-4000-8000-000000000002', ACME.id, ALICE.id, { job_type: 'batch' }), job('a0000000-0000-4000-8000-000000000003', ACME.id, ME.id, { job_type: 'webhook' })],
};

let organizations = [PERSONAL, ACME];
let seen: SeenRequest[];
beforeEach(() => {
  organizations = [PERSONAL, ACME];
  signInAsMe();
  seen = fakeApi({
    'GET /api/organizations': () => ({ items: organizations, next_cursor: null }),
    'POST /api/organizations': () => ((organizations = [...organizations, BETA]), BETA),
    'GET /api/jobs': (request: SeenRequest) => ({ items: JOBS[request.organization ?? PERSONAL.id] ?? [], next_cursor: null }),
    [`GET /api/organizations/${ACME.id}/members`]: { items: [member(ALICE, 'owner'), member(ME, 'member')], next_cursor: null },
  });
});
afterEach(() => {
  cleanup();
  writeSession(null);
  localStorage.clear();
  vi.unstubAllGlobals();
});

/** The signed-in frame's part that matters here: the provider, the switcher and a page. */
const renderFrame = () =>
  renderInOrganization(
    <OrganizationProvider user={user}>
      <OrganizationSwitcher />
      <JobsPage />
    </OrganizationProvider>,
    { active: PERSONAL, path: '/jobs' },
  );

const jobRows = async () => {
  const table = await screen.findByRole('table', { name: 'Jobs' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent));
};

describe('organisation switcher', () => {
  it('acts in the chosen organisation: every call names it, the list shows its jobs with who submitted them, nothing of the other', async () => {
    const { user } = renderFrame();
    expect((await jobRows()).map((cells) => cells[0])).toEqual(['single a0000000']);
    expect(screen.getByTestId('active-organization').textContent).toBe('Personal');

    await user.click(screen.getByRole('button', { name: /Organisation:/ }));
    await user.click(within(screen.getByRole('list', { name: 'Your organisations' })).getByRole('button', { name: /Acme/ }));
    expect(screen.getByTestId('active-organization').textContent).toBe('Acme');
    await vi.waitFor(async () => expect((await jobRows()).map((cells) => [cells[0], cells.at(-1)])).toEqual([['batch a0000000', ALICE.email], ['webhook a0000000', 'you']]));

    const jobCalls = seen.filter((request) => request.path === '/api/jobs');
    expect(jobCalls.map((request) => request.organization)).toEqual([PERSONAL.id, ACME.id]);
    expect(localStorage.getItem(REMEMBERED)).toBe(ACME.id);
  });

  it('comes back to the remembered organisation after a reload, while the user still belongs to it', async () => {
    localStorage.setItem(REMEMBERED, ACME.id);
    renderFrame();
    expect((await jobRows()).map((cells) => cells[0])).toEqual(['batch a0000000', 'webhook a0000000']);
    expect(seen.filter((request) => request.path === '/api/jobs').map((request) => request.organization)).toEqual([ACME.id]);
  });

  it('forgets a remembered organisation the user has left and acts in the personal one, without asking the other for anything', async () => {
    localStorage.setItem(REMEMBERED, ACME.id);
    organizations = [PERSONAL];
    renderFrame();
    expect((await jobRows()).map((cells) => cells[0])).toEqual(['single a0000000']);
    expect(seen.some((request) => request.organization === ACME.id || request.path.includes(ACME.id))).toBe(false);
    expect(localStorage.getItem(REMEMBERED)).toBeNull();
  });

  it('falls back to the personal organisation at once when the active one refuses the user (removed while using it)', async () => {
    localStorage.setItem(REMEMBERED, ACME.id);
    seen = fakeApi({
      // The list still names Acme when the page loads; the user is removed before the jobs are read.
      'GET /api/organizations': () => {
        const answer = { items: organizations, next_cursor: null };
        organizations = [PERSONAL];
        return answer;
      },
      'GET /api/jobs': (request: SeenRequest) => (request.organization === ACME.id ? errorAnswer(403, 'forbidden', 'you are not a member of this organisation') : { items: JOBS[PERSONAL.id], next_cursor: null }),
    });
    renderFrame();
    await vi.waitFor(async () => expect((await jobRows()).map((cells) => cells[0])).toEqual(['single a0000000']));
    expect(screen.getByTestId('active-organization').textContent).toBe('Personal');
    expect(seen.filter((request) => request.path === '/api/organizations')).toHaveLength(2);
    expect(localStorage.getItem(REMEMBERED)).toBeNull();
  });

  it('lists the organisations with the personal one marked, and creates one that becomes the active organisation, on its page', async () => {
    const { user } = renderFrame();
    await user.click(await screen.findByRole('button', { name: /Organisation:/ }));
    const options = within(screen.getByRole('list', { name: 'Your organisations' })).getAllByRole('button');
    expect(options.map((option) => option.textContent)).toEqual(['Personaljust you', 'Acmemember']);
    expect(options.map((option) => option.getAttribute('aria-current'))).toEqual(['true', 'false']);

    await user.type(screen.getByLabelText('New organisation name'), '  Beta ');
    await user.click(screen.getByRole('button', { name: 'Create organisation' }));
    await vi.waitFor(() => expect(screen.getByTestId('active-organization').textContent).toBe('Beta'));
    expect(seen.find((request) => request.method === 'POST')?.body).toEqual({ name: 'Beta' });
    await vi.waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/organization'));
  });
});
