import type { CreatedWebhookEndpoint } from '@docket/contracts/webhooks';
import { CardSection } from '../../../components/card-section.tsx';
import { CopyButton } from '../../../components/copy-button.tsx';
import { CopyableValue } from '../../../components/copyable-value.tsx';
import { Field } from '../../../components/field.tsx';
import { signedCurlExample } from './signed-curl-example.ts';

/** An endpoint just created: the one time its signing secret is shown, with a signed request to try it. */
export function CreatedEndpointCard({ endpoint }: { endpoint: CreatedWebhookEndpoint }) {
  const example = signedCurlExample(endpoint.url, endpoint.secret);
  return (
    <CardSection id="new-endpoint" title={`Endpoint “${endpoint.name}” created`}>
      <p className="alert info">Copy the signing secret now: it is shown only once.</p>
      <Field id="secret" label="Signing secret">
        <CopyableValue id="secret" value={endpoint.secret} testId="endpoint-secret" />
      </Field>
      <label htmlFor="curl">Try it: a signed request</label>
      <pre id="curl" className="text-view">
        {example}
      </pre>
      <CopyButton text={example} label="Copy command" />
    </CardSection>
  );
}
