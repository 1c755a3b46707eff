import { useState, type FormEvent } from 'react';
import type { CreateInvitationRequest } from '@docket/contracts/organizations';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { SelectField } from '../../../components/select-field.tsx';
import type { useCreateInvitation } from '../api/invitations.ts';

type InvitedRole = CreateInvitationRequest['role'];
const ROLES: ReadonlyArray<{ value: InvitedRole; label: string }> = [
  { value: 'member', label: 'member — uses it' },
  { value: 'admin', label: 'admin — also manages it' },
];
const LIFETIMES = [
  { value: '1', label: '1 day' },
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
];

/** The role and lifetime of a new invitation; `create` is the section's mutation, whose result it shows. (Owners are made from members.) */
export function CreateInvitationForm({ create }: { create: ReturnType<typeof useCreateInvitation> }) {
  const [role, setRole] = useState<InvitedRole>('member');
  const [days, setDays] = useState('7');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ role, expires_in_days: Number(days) });
  };
  return (
    <form onSubmit={submit}>
      <div className="toolbar">
        <SelectField id="invitation-role" label="Role" value={role} options={ROLES} onChange={setRole} />
        <SelectField id="invitation-days" label="Valid for" value={days} options={LIFETIMES} onChange={setDays} />
        <button type="submit" className="button primary" disabled={create.isPending}>
          Create invitation
        </button>
      </div>
      <ErrorAlert error={create.error} fallback="Could not create the invitation." />
    </form>
  );
}
