import type { Invitation, Organization } from '@docket/contracts/organizations';
import { CardSection } from '../../../components/card-section.tsx';
import { confirmColumn } from '../../../components/confirm-column.tsx';
import type { DataColumn } from '../../../components/data-table.tsx';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { QueryTable } from '../../../components/query-table.tsx';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { EmptyState } from '../../../components/states.tsx';
import { useCreateInvitation, useInvitations, useRevokeInvitation } from '../api/invitations.ts';
import { CreateInvitationForm } from './create-invitation-form.tsx';
import { CreatedInvitationCard } from './created-invitation-card.tsx';

/** Inviting people (owners and admins): a new invitation's link, shown once, and the pending ones, each revocable. */
export function InvitationsCard({ organization }: { organization: Organization }) {
  const invitations = useInvitations(organization.id);
  const create = useCreateInvitation(organization.id);
  const revoke = useRevokeInvitation(organization.id);
  const columns: Array<DataColumn<Invitation>> = [
    { header: 'Role', cell: (invitation) => invitation.role },
    { header: 'Created', className: 'hide-narrow', cellClassName: 'muted', cell: (invitation) => <RelativeTime iso={invitation.created_at} /> },
    { header: 'Expires', cellClassName: 'muted', cell: (invitation) => <RelativeTime iso={invitation.expires_at} /> },
    confirmColumn('Revoke', (invitation) => `Revoke this ${invitation.role} invitation? Its link stops working at once.`, (invitation) => revoke.mutate(invitation.id)),
  ];
  return (
    <CardSection id="invitations" title="Invitations">
      <CreateInvitationForm create={create} />
      {create.data && <CreatedInvitationCard invitation={create.data} />}
      <h3 className="subheading">Pending</h3>
      <ErrorAlert error={revoke.error} fallback="Could not revoke the invitation." />
      <QueryTable query={invitations} label="Pending invitations" columns={columns} rowKey={(invitation) => invitation.id} empty={<EmptyState>No pending invitations.</EmptyState>} />
    </CardSection>
  );
}
