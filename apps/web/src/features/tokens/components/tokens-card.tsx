import { mayDo } from '@docket/contracts/organizations';
import type { ApiToken } from '@docket/contracts/tokens';
import { confirmColumn } from '../../../components/confirm-column.tsx';
import type { DataColumn } from '../../../components/data-table.tsx';
import { QueryTable } from '../../../components/query-table.tsx';
import { EmptyState } from '../../../components/states.tsx';
import { useActiveOrganization } from '../../../lib/active-organization.ts';
import { formatDateTime, formatRelativeTime } from '../../../lib/format.ts';
import { useMemberName } from '../../../lib/organization-members.ts';
import { useApiTokens, useRevokeApiToken } from '../api/api-tokens.ts';

/**
 * The tokens the user may see and revoke (their own; every member's for owners and admins,
 * with the member each acts as): what each may do, when it expires and was last used, and Revoke.
 */
export function TokensCard() {
  const tokens = useApiTokens();
  const revoke = useRevokeApiToken();
  const organization = useActiveOrganization();
  const memberName = useMemberName();
  const everyones = !organization.personal && mayDo(organization.role, 'manageJobs');
  const columns: Array<DataColumn<ApiToken>> = [
    { header: 'Name', cell: (token) => token.name },
    ...(everyones ? [{ header: 'Acts as', cell: (token: ApiToken) => memberName(token.user_id) }] : []),
    { header: 'Scopes', cell: (token) => token.scopes.join(', ') },
    { header: 'Expires', className: 'hide-narrow', cellClassName: 'muted', cell: (token) => (token.expires_at ? formatDateTime(token.expires_at) : 'never') },
    { header: 'Last used', className: 'hide-narrow', cellClassName: 'muted', cell: (token) => (token.last_used_at ? formatRelativeTime(token.last_used_at) : 'never') },
    confirmColumn('Revoke', (token) => `Revoke “${token.name}”? Scripts using it stop working at once.`, (token) => revoke.mutate(token.id)),
  ];
  return (
    <section className="card">
      <QueryTable query={tokens} label="API tokens" columns={columns} rowKey={(token) => token.id} empty={<EmptyState>No tokens yet.</EmptyState>} />
    </section>
  );
}
