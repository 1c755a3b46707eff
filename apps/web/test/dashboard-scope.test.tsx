import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HistoryStats } from '@docket/contracts/history';
import { DashboardPage } from '../src/features/dashboard/components/dashboard-page.tsx';
import { writeSession } from '../src/lib/session.ts';
import { fakeApi, type SeenRequest } from './support/fake-api.ts';
import { acme, ALICE, job, ME, PERSONAL, renderInOrganization, signInAsMe } from './support/organization-fixtures.tsx';

const ACME = acme('member');
const BETA = { ...acme('owner'), id: '10000000-0000-4000-8000-000000000003', name: 'Beta' };
const BETA_JOB = job('b0000000-0000-4000-8000-000000000009', BETA.id, ME.id, { job_type: 'batch' });

const stats = (totalJobs: number, recent: HistoryStats['recent_activity']): HistoryStats => ({
  total_jobs: totalJobs,
  total_documents: totalJobs,
  documents_processed: totalJobs,
  documents_failed: 0,
  jobs_by_status: { queued: 0, processing: 0, completed: totalJobs, failed: 0, cancelled: 0 },
  recent_activity: recent,
});
const analytics = (request: SeenRequest) => ({
  granularity: 'daily',
  from: new Date(Number(request.query.get('from'))).toISOString(),
  to: new Date(Number(request.query.get('to'))).toISOString(),
  summary: { total: 0, succeeded: 0, failed: 0, cancelled: 0, in_progress: 0, terminal: 0, success_rate: 0, average_duration_ms: 0, documents_processed: 0, documents_failed: 0, pages_processed: 0 },
  by_status: [],
  by_job_type: [],
  time_series: [],
  recent_failures: [],
});

let seen: SeenRequest[];
beforeEach(() => {
  signInAsMe();
  seen = fakeApi({
    // Acme's jobs: 7, every member's; mine: 2, in Acme and in Beta.
    'GET /api/history/stats': (request: SeenRequest) =>
      request.query.get('scope') === 'organization' ? stats(7, [job('a0000000-0000-4000-8000-000000000001', ACME.id, ALICE.id)]) : stats(2, [BETA_JOB, job('a0000000-0000-4000-8000-000000000002', ACME.id, ME.id)]),
    'GET /api/history/analytics': analytics,
  });
});
afterEach(() => {
  cleanup();
  writeSession(null);
  vi.unstubAllGlobals();
});

const totalJobs = () => screen.getByTestId('metric-total-jobs').querySelector('.metric-value')?.textContent;

describe('dashboard numbers', () => {
  it('shows the organisation’s numbers by default and the user’s own in every organisation on request, each asked of the active organisation', async () => {
    const { user } = renderInOrganization(<DashboardPage />, { active: ACME, organizations: [PERSONAL, ACME, BETA] });
    await vi.waitFor(() => expect(totalJobs()).toBe('7'));
    expect(screen.getByText(/Every member’s jobs in Acme/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'All my jobs' }));
    await vi.waitFor(() => expect(totalJobs()).toBe('2'));
    expect(screen.getByText(/The jobs you submitted, in every organisation/)).toBeTruthy();
    const reads = seen.filter((request) => request.path.startsWith('/api/history/'));
    expect(new Set(reads.map((request) => request.organization))).toEqual(new Set([ACME.id]));
    expect(new Set(reads.map((request) => `${request.path} ${request.query.get('scope')}`))).toEqual(
      new Set(['/api/history/stats organization', '/api/history/analytics organization', '/api/history/stats user', '/api/history/analytics user']),
    );
  });

  it('names the organisation of a recent job from another one, and switches there to open it', async () => {
    const select = vi.fn();
    const { user } = renderInOrganization(<DashboardPage />, { active: ACME, organizations: [PERSONAL, ACME, BETA], select });
    await user.click(await screen.findByRole('button', { name: 'All my jobs' }));
    const recent = await screen.findByRole('table', { name: 'Recent jobs' });
    await vi.waitFor(() => expect(within(recent).getAllByRole('row')).toHaveLength(3));
    const [betaRow, acmeRow] = within(recent).getAllByRole('row').slice(1);
    expect(within(betaRow!).getAllByRole('cell')[0]!.textContent).toBe('batch in Beta');
    expect(within(acmeRow!).getAllByRole('cell')[0]!.textContent).toBe('single');

    await user.click(within(betaRow!).getByRole('link', { name: 'batch' }));
    expect(select).toHaveBeenCalledWith(BETA.id);
    expect(screen.getByTestId('location').textContent).toBe(`/jobs/${BETA_JOB.id}`);
  });
});
