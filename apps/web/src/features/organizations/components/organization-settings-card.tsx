import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { mayDo, type Organization } from '@docket/contracts/organizations';
import { CardSection } from '../../../components/card-section.tsx';
import { ConfirmButton } from '../../../components/confirm-button.tsx';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { Field } from '../../../components/field.tsx';
import { useDeleteOrganization, useRenameOrganization } from '../api/organizations.ts';

/** Renaming (owners and admins) and deleting (owners; the server refuses while the organisation holds jobs, and says so). */
export function OrganizationSettingsCard({ organization }: { organization: Organization }) {
  const [name, setName] = useState(organization.name);
  const rename = useRenameOrganization(organization);
  const remove = useDeleteOrganization(organization);
  const navigate = useNavigate();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate(name.trim());
  };
  // Deleting switches to the personal organisation, which remounts this page: the promise
  // carries on where a `mutate` callback would not. A refusal shows in `remove.error`.
  const deleteOrganization = () => remove.mutateAsync().then(() => navigate('/'), () => undefined);

  return (
    <CardSection id="settings" title="Settings">
      <form className="toolbar" onSubmit={submit}>
        <Field id="organization-name" label="Name" grow>
          <input id="organization-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
        </Field>
        <button type="submit" className="button" disabled={!name.trim() || name.trim() === organization.name || rename.isPending}>
          Rename
        </button>
      </form>
      <ErrorAlert error={rename.error} fallback="Could not rename the organisation." />
      {mayDo(organization.role, 'own') && (
        <div className="danger-zone">
          <p className="muted">Deleting removes the organisation with its members, invitations, API tokens and webhook endpoints. It is possible only while it holds no jobs.</p>
          <ConfirmButton question={`Delete ${organization.name}? This cannot be undone.`} onConfirm={deleteOrganization} disabled={remove.isPending}>
            Delete organisation
          </ConfirmButton>
          <ErrorAlert error={remove.error} fallback="Could not delete the organisation." />
        </div>
      )}
    </CardSection>
  );
}
