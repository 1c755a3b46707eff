import { useNavigate } from 'react-router';
import { assignableRoles, mayManageMember, type Member, type Organization } from '@docket/contracts/organizations';
import { CardSection } from '../../../components/card-section.tsx';
import { ConfirmButton } from '../../../components/confirm-button.tsx';
import type { DataColumn } from '../../../components/data-table.tsx';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { QueryTable } from '../../../components/query-table.tsx';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { useMembers } from '../../../lib/organization-members.ts';
import { useSignedInUser } from '../../../lib/use-signed-in-user.ts';
import { useChangeMemberRole, useRemoveMember } from '../api/members.ts';
import { providerName } from './provider-name.ts';
import { RoleSelect } from './role-select.tsx';

/**
 * The organisation's members with their roles. Each control is there only when the caller's
 * role may use it (the contracts' rule, which the server enforces): a role menu offering the
 * roles they may give, Remove for members they may manage, Leave on their own row.
 */
export function MembersCard({ organization }: { organization: Organization }) {
  const members = useMembers(organization.id);
  const me = useSignedInUser();
  const changeRole = useChangeMemberRole(organization.id);
  const remove = useRemoveMember(organization.id);
  const navigate = useNavigate();
  const isMe = (member: Member) => member.user_id === me?.id;
  // Leaving switches to the personal organisation, which remounts this page before a
  // `mutate` callback could run: the promise carries on. A failure shows in `remove.error`.
  const leave = (member: Member) => remove.mutateAsync(member.user_id).then(() => navigate('/'), () => undefined);

  const columns: Array<DataColumn<Member>> = [
    { header: 'Member', cell: (member) => (isMe(member) ? `${member.email} (you)` : member.email) },
    {
      header: 'Role',
      cell: (member) => (
        <RoleSelect member={member} roles={assignableRoles(organization.role, member.role)} disabled={changeRole.isPending} onChange={(role) => changeRole.mutate({ userId: member.user_id, role })} />
      ),
    },
    {
      header: 'Joined',
      className: 'hide-narrow',
      cellClassName: 'muted',
      cell: (member) => (
        <>
          <RelativeTime iso={member.joined_at} />
          {/* A claim member comes and goes with their identity provider's claim, at each sign-in. */}
          {member.granted_by_issuer && <span title={`Member while ${member.granted_by_issuer} says so`}> · via {providerName(member.granted_by_issuer)}</span>}
        </>
      ),
    },
    {
      header: 'Actions',
      hiddenHeader: true,
      className: 'num',
      cell: (member) =>
        isMe(member) ? (
          <ConfirmButton question={`Leave ${organization.name}? You lose access to its jobs; your API tokens of it stop working.`} onConfirm={() => leave(member)}>
            Leave
          </ConfirmButton>
        ) : (
          mayManageMember(organization.role, member.role) && (
            <ConfirmButton question={`Remove ${member.email} from ${organization.name}? Their jobs stay; their API tokens of it stop working.`} onConfirm={() => remove.mutate(member.user_id)}>
              Remove
            </ConfirmButton>
          )
        ),
    },
  ];
  return (
    <CardSection id="members" title="Members">
      <ErrorAlert error={changeRole.error ?? remove.error} fallback="The change failed." />
      <QueryTable query={members} label="Members" columns={columns} rowKey={(member) => member.user_id} />
    </CardSection>
  );
}
