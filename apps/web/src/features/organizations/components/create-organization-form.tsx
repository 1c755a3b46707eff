import { useState, type FormEvent } from 'react';
import type { Organization } from '@docket/contracts/organizations';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { Field } from '../../../components/field.tsx';
import { useCreateOrganization } from '../api/organizations.ts';

/** Names a new organisation (the user becomes its owner); `onCreated` gets it once the user's list holds it. */
export function CreateOrganizationForm({ id, onCreated }: { id: string; onCreated: (organization: Organization) => void }) {
  const [name, setName] = useState('');
  const create = useCreateOrganization();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(name.trim(), { onSuccess: onCreated });
  };
  return (
    <form onSubmit={submit}>
      <div className="toolbar">
        <Field id={id} label="New organisation name" grow>
          <input id={id} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Acme legal team" maxLength={100} />
        </Field>
        <button type="submit" className="button primary" disabled={!name.trim() || create.isPending}>
          Create organisation
        </button>
      </div>
      <ErrorAlert error={create.error} fallback="Could not create the organisation." />
    </form>
  );
}
