import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import type { JobSummary } from '@docket/contracts/jobs';
import type { Member, Organization, OrganizationRole } from '@docket/contracts/organizations';
import { OrganizationContext, type OrganizationChoice } from '../../src/lib/active-organization.ts';
import { writeSession } from '../../src/lib/session.ts';

export const AT = '2026-11-29T12:00:00.000Z';
export const ME = { id: '00000000-0000-4000-8000-00000000000a', email: 'me@example.com' };
export const ALICE = { id: '00000000-0000-4000-8000-00000000000b', email: 'alice@example.com' };

export const PERSONAL: Organization = { id: '10000000-0000-4000-8000-000000000001', name: ME.email, personal: true, role: 'owner', created_at: AT };
export const acme = (role: OrganizationRole): Organization => ({ id: '10000000-0000-4000-8000-000000000002', name: 'Acme', personal: false, role, created_at: AT });

export const member = (who: { id: string; email: string }, role: OrganizationRole): Member => ({ user_id: who.id, email: who.email, role, joined_at: AT, granted_by_issuer: null });

export const job = (id: string, organizationId: string, userId: string, overrides: Partial<JobSummary> = {}): JobSummary => ({
  id,
  organization_id: organizationId,
  user_id: userId,
  job_type: 'single',
  status: 'completed',
  total_documents: 1,
  processed_count: 1,
  failed_count: 0,
  started_at: AT,
  completed_at: AT,
  created_at: AT,
  ...overrides,
});

/** Signs ME in (in memory, as the page would after sign-in). */
export const signInAsMe = () =>
  writeSession({ user: { id: ME.id, email: ME.email, role: 'user', created_at: AT }, accessToken: 'access', expiresAt: Date.now() + 900_000 });

/** Shows the router's current path, so a test can see where a page sent the user. */
function Location() {
  return <output data-testid="location">{useLocation().pathname}</output>;
}

/**
 * Renders `ui` the way the signed-in frame does: a query client, a router at `path` (`ui`
 * is the page of every path, or of the route `pattern`, which gives it its params), and the
 * organisation choice (`active` among `organizations`; `select` does nothing by default).
 */
export function renderInOrganization(ui: ReactNode, options: { active: Organization; organizations?: Organization[]; select?: (id: string) => void; path?: string; pattern?: string }) {
  const choice: OrganizationChoice = { active: options.active, organizations: options.organizations ?? [PERSONAL, options.active], select: options.select ?? (() => undefined) };
  const path = options.path ?? '/';
  const view = render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MemoryRouter initialEntries={[path]}>
        <OrganizationContext value={choice}>
          <Routes>
            <Route path={options.pattern ?? '*'} element={ui} />
          </Routes>
          <Location />
        </OrganizationContext>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { ...view, user: userEvent.setup({ pointerEventsCheck: 0 }) };
}
