import { useState, type FormEvent } from 'react';
import { MAX_CLAIM_VALUE_LENGTH, mayDo, type Organization, type OrganizationRole } from '@docket/contracts/organizations';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { Field } from '../../../components/field.tsx';
import { SelectField } from '../../../components/select-field.tsx';
import type { useCreateIdentityLink } from '../api/create-identity-link.ts';
import { providerName } from './provider-name.ts';

const ROLES: ReadonlyArray<{ value: OrganizationRole; label: string }> = [
  { value: 'member', label: 'member — uses it' },
  { value: 'admin', label: 'admin — also manages it' },
  { value: 'owner', label: 'owner — manages everything' },
];

/**
 * A new link: one of `issuers` (the providers with an organisations claim), the claim value and
 * the role it gives — the owner role for owners only, as the server has it.
 */
export function CreateIdentityLinkForm({ organization, issuers, create }: { organization: Organization; issuers: string[]; create: ReturnType<typeof useCreateIdentityLink> }) {
  const [issuer, setIssuer] = useState(issuers[0] ?? '');
  const [value, setValue] = useState('');
  const [role, setRole] = useState<OrganizationRole>('member');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ issuer, claim_value: value.trim(), role }, { onSuccess: () => setValue('') });
  };
  return (
    <form onSubmit={submit}>
      <div className="toolbar">
        <SelectField id="link-issuer" label="Identity provider" value={issuer} options={issuers.map((item) => ({ value: item, label: providerName(item) }))} onChange={setIssuer} />
        <Field id="link-claim-value" label="Claim value" grow>
          <input id="link-claim-value" value={value} onChange={(event) => setValue(event.target.value)} placeholder="e.g. legal-team" maxLength={MAX_CLAIM_VALUE_LENGTH} />
        </Field>
        <SelectField id="link-role" label="Role it gives" value={role} options={ROLES.filter((option) => option.value !== 'owner' || mayDo(organization.role, 'own'))} onChange={setRole} />
        <button type="submit" className="button primary" disabled={!value.trim() || create.isPending}>
          Link
        </button>
      </div>
      <ErrorAlert error={create.error} fallback="Could not link the claim value." />
    </form>
  );
}
