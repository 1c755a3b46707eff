import { mayDo, type IdentityLink, type Organization } from '@docket/contracts/organizations';
import { CardSection } from '../../../components/card-section.tsx';
import { ConfirmButton } from '../../../components/confirm-button.tsx';
import type { DataColumn } from '../../../components/data-table.tsx';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { QueryTable } from '../../../components/query-table.tsx';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { EmptyState } from '../../../components/states.tsx';
import { useMemberName } from '../../../lib/organization-members.ts';
import { useCreateIdentityLink } from '../api/create-identity-link.ts';
import { useDeleteIdentityLink } from '../api/delete-identity-link.ts';
import { useIdentityLinks } from '../api/get-identity-links.ts';
import { CreateIdentityLinkForm } from './create-identity-link-form.tsx';
import { providerName } from './provider-name.ts';

/**
 * Membership from an identity provider's claim (owners and admins): who holds a linked value
 * is a member with its role from their next sign-in. Owner links are an owner's to delete.
 */
export function IdentityLinksCard({ organization }: { organization: Organization }) {
  const links = useIdentityLinks(organization.id);
  const create = useCreateIdentityLink(organization.id);
  const remove = useDeleteIdentityLink(organization.id);
  const memberName = useMemberName();
  const issuers = links.data?.linkable_issuers;
  const columns: Array<DataColumn<IdentityLink>> = [
    { header: 'Provider', cell: (link) => <span title={link.issuer}>{providerName(link.issuer)}</span> },
    { header: 'Claim value', cell: (link) => link.claim_value },
    { header: 'Role', cell: (link) => <span className={`badge role ${link.role}`}>{link.role}</span> },
    { header: 'Created by', className: 'hide-narrow', cellClassName: 'muted', cell: (link) => (link.created_by ? memberName(link.created_by) : 'a former member') },
    { header: 'Created', className: 'hide-narrow', cellClassName: 'muted', cell: (link) => <RelativeTime iso={link.created_at} /> },
    {
      header: 'Actions',
      hiddenHeader: true,
      className: 'num',
      cell: (link) =>
        (link.role !== 'owner' || mayDo(organization.role, 'own')) && (
          <ConfirmButton question={`Delete the link of ${link.claim_value}? Members it brought in go at their next sign-in with ${providerName(link.issuer)}.`} onConfirm={() => remove.mutate(link.id)}>
            Delete
          </ConfirmButton>
        ),
    },
  ];
  return (
    <CardSection id="identity-links" title="Identity provider links">
      {issuers && issuers.length > 0 && <CreateIdentityLinkForm key={issuers.join(' ')} organization={organization} issuers={issuers} create={create} />}
      {issuers?.length === 0 && <p className="muted">No identity provider has an organisations claim configured (OIDC_ORGANIZATIONS_CLAIM, or organizations_claim in OIDC_ISSUERS).</p>}
      <ErrorAlert error={remove.error} fallback="Could not delete the link." />
      <QueryTable query={links} label="Identity provider links" columns={columns} rowKey={(link) => link.id} empty={<EmptyState>No claim values linked.</EmptyState>} />
    </CardSection>
  );
}
