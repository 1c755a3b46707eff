import { PageHead } from '../../../components/page-head.tsx';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { useCreateWebhookEndpoint } from '../api/webhook-endpoints.ts';
import { CreateEndpointForm } from './create-endpoint-form.tsx';
import { CreatedEndpointCard } from './created-endpoint-card.tsx';
import { EndpointsCard } from './endpoints-card.tsx';

export function WebhooksPage() {
  const create = useCreateWebhookEndpoint();
  return (
    <>
      <PageHead title="Webhook endpoints">Let another system push documents to Docket, signed with a shared secret.</PageHead>
      {create.data && <CreatedEndpointCard endpoint={create.data} />}
      <CreateEndpointForm create={create} />
      <ErrorAlert error={create.error} fallback="Could not create the endpoint." />
      <EndpointsCard />
    </>
  );
}
