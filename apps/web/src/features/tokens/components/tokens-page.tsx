import { PageHead } from '../../../components/page-head.tsx';
import { useCreateApiToken } from '../api/api-tokens.ts';
import { CallbackSecretCard } from './callback-secret-card.tsx';
import { CreateTokenForm } from './create-token-form.tsx';
import { CreatedTokenCard } from './created-token-card.tsx';
import { TokensCard } from './tokens-card.tsx';

export function TokensPage() {
  const create = useCreateApiToken();
  return (
    <>
      <PageHead title="API tokens">
        For scripts and the <code>docket</code> CLI: send <code>Authorization: Bearer dkt_…</code>. A token can do only what its scopes allow.
      </PageHead>
      {create.data && <CreatedTokenCard token={create.data} />}
      <CreateTokenForm create={create} />
      <TokensCard />
      <CallbackSecretCard />
    </>
  );
}
