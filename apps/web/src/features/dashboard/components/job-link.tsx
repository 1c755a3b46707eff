import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { organizationLabel, useOrganizationChoice } from '../../../lib/active-organization.ts';

/**
 * A link to a job of any of the user's organisations (the user's own numbers span them all):
 * one of another organisation names it, and following it switches there first, since a job
 * is found only in its own organisation. A job of an organisation the user has left is no
 * link: it cannot be opened any more.
 */
export function JobLink({ jobId, organizationId, children }: { jobId: string; organizationId: string; children: ReactNode }) {
  const { active, organizations, select } = useOrganizationChoice();
  const elsewhere = organizationId === active.id ? undefined : organizations.find((organization) => organization.id === organizationId);
  if (organizationId !== active.id && !elsewhere) {
    return (
      <>
        {children} <span className="muted">in an organisation you left</span>
      </>
    );
  }
  return (
    <>
      <Link to={`/jobs/${jobId}`} onClick={() => elsewhere && select(elsewhere.id)}>
        {children}
      </Link>
      {elsewhere && <span className="muted"> in {organizationLabel(elsewhere)}</span>}
    </>
  );
}
