import { useDeferredValue, useId, useState } from 'react';
import type { AdminOrganization } from '@docket/contracts/admin';
import { CardSection } from '../../../components/card-section.tsx';
import { Field } from '../../../components/field.tsx';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { formatCount } from '../../../lib/format.ts';
import { useAdminNarrowing } from '../api/admin-narrowing.ts';
import { useAdminOrganizations } from '../api/admin-queries.ts';

const describe = (organization: AdminOrganization) =>
  `${organization.name}${organization.personal ? ' (personal)' : ''} · ${formatCount(organization.members)} member${organization.members === 1 ? '' : 's'}`;

/**
 * Narrows the admin page to one organisation: find it by a part of its name (or its id),
 * pick it, and every number on the page is that organisation's; "Whole system" goes back.
 * Workers stay listed either way (they serve everyone); their task counts narrow.
 */
export function OrganizationFilter() {
  const { organizationId, select } = useAdminNarrowing();
  const [text, setText] = useState('');
  // Typing does not wait on the answers; the list follows the text as the server keeps up.
  const query = useDeferredValue(text.trim());
  const found = useAdminOrganizations(query);
  // The chosen organisation's name, also after a reload (the address holds only its id).
  const chosen = useAdminOrganizations(organizationId ?? '');
  const inputId = useId();
  const current = organizationId ? chosen.data?.items.find((item) => item.id === organizationId) : undefined;
  return (
    <CardSection
      id="organization-filter"
      title={organizationId ? `Organisation: ${current?.name ?? '…'}` : 'Whole system'}
      actions={
        organizationId && (
          <button type="button" className="button small" onClick={() => select(undefined)}>
            Whole system
          </button>
        )
      }
    >
      <div className="toolbar">
        <Field id={inputId} label="Find an organisation" grow>
          <input id={inputId} type="search" value={text} maxLength={100} placeholder="Name or id" onChange={(event) => setText(event.target.value)} />
        </Field>
      </div>
      {found.isError ? (
        <ErrorAlert error={found.error} fallback="Could not search the organisations." />
      ) : (
        <ul className="organization-matches" aria-label="Organisations found">
          {(found.data?.items ?? []).map((organization) => (
            <li key={organization.id}>
              <button type="button" className="button small" aria-pressed={organization.id === organizationId} onClick={() => select(organization.id)}>
                {describe(organization)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </CardSection>
  );
}
