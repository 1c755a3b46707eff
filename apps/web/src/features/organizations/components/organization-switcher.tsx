import { useEffect, useRef, useState } from 'react';
import { matchPath, useLocation, useNavigate } from 'react-router';
import type { Organization } from '@docket/contracts/organizations';
import { organizationLabel, useOrganizationChoice } from '../../../lib/active-organization.ts';
import { CreateOrganizationForm } from './create-organization-form.tsx';

const roleOf = (organization: Organization) => (organization.personal ? 'just you' : organization.role);

/**
 * The organisation every page acts in, and the menu that switches it (or creates one). A
 * switch keeps the page, except a job's page, whose job belongs to the organisation left.
 */
export function OrganizationSwitcher() {
  const { active, organizations, select } = useOrganizationChoice();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const { pathname } = useLocation();

  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: MouseEvent) => root.current?.contains(event.target as Node) || setOpen(false);
    document.addEventListener('mousedown', closeOutside);
    return () => document.removeEventListener('mousedown', closeOutside);
  }, [open]);

  const choose = (organization: Organization, then?: string) => {
    setOpen(false);
    select(organization.id);
    if (then) navigate(then);
    else if (organization.id !== active.id && matchPath('/jobs/:jobId', pathname)) navigate('/jobs');
  };

  return (
    <div className="org-switcher" ref={root} onKeyDown={(event) => event.key === 'Escape' && setOpen(false)}>
      <button type="button" className="org-current" aria-expanded={open} aria-controls="organization-menu" onClick={() => setOpen(!open)}>
        <span className="sr-only">Organisation: </span>
        <span className="org-name" data-testid="active-organization">
          {organizationLabel(active)}
        </span>
        <span className="muted fine-print">{roleOf(active)}</span>
      </button>
      {open && (
        <div id="organization-menu" className="org-menu card">
          <ul aria-label="Your organisations">
            {organizations.map((organization) => (
              <li key={organization.id}>
                <button type="button" className="org-option" aria-current={organization.id === active.id} onClick={() => choose(organization)}>
                  <span className="org-name">{organizationLabel(organization)}</span>
                  <span className="muted fine-print">{roleOf(organization)}</span>
                </button>
              </li>
            ))}
          </ul>
          {/* A new organisation is empty: its page, where people are invited, comes first. */}
          <CreateOrganizationForm id="switcher-new-organization" onCreated={(organization) => choose(organization, '/organization')} />
        </div>
      )}
    </div>
  );
}
