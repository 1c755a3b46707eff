import { PageHead } from '../../../components/page-head.tsx';
import { organizationLabel, useActiveOrganization } from '../../../lib/active-organization.ts';
import { useCreateApiToken } from '../api/api-tokens.ts';
import { CallbackSecretCard } from './callback-secret-card.tsx';
import { CreateTokenForm } from './create-token-form.tsx';
import { CreatedTokenCard } from './created-token-card.tsx';
import { TokensCard } from './tokens-card.tsx';

export function TokensPage() {
  const create = useCreateApiToken();
  const organization = useActiveOrganization();
  return (
    <>
      <PageHead title="API tokens">
        For scripts and the <code>docket</code> CLI: send <code>Authorization: Bearer dkt_…</code>. A token can do only what its scopes allow, and acts in the organisation it was created in — here, {organizationLabel(organization)}.
      </PageHead>
      {create.data && <CreatedTokenCard token={create.data} />}
      <CreateTokenForm create={create} />
      <TokensCard />
      <CallbackSecretCard />
    </>
  );
}
