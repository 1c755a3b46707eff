import { mayDo } from '@docket/contracts/organizations';
import { PageHead } from '../../../components/page-head.tsx';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { useActiveOrganization } from '../../../lib/active-organization.ts';
import { useCreateWebhookEndpoint } from '../api/webhook-endpoints.ts';
import { CreateEndpointForm } from './create-endpoint-form.tsx';
import { CreatedEndpointCard } from './created-endpoint-card.tsx';
import { EndpointsCard } from './endpoints-card.tsx';

export function WebhooksPage() {
  const create = useCreateWebhookEndpoint();
  const mayManage = mayDo(useActiveOrganization().role, 'administer');
  return (
    <>
      <PageHead title="Webhook endpoints">Let another system push documents to Docket, signed with a shared secret.</PageHead>
      {create.data && <CreatedEndpointCard endpoint={create.data} />}
      {mayManage ? (
        <>
          <CreateEndpointForm create={create} />
          <ErrorAlert error={create.error} fallback="Could not create the endpoint." />
        </>
      ) : (
        <p className="alert info">Owners and admins of this organisation create and delete its endpoints.</p>
      )}
      <EndpointsCard mayDelete={mayManage} />
    </>
  );
}
