import { useState, type FormEvent } from 'react';
import type { CreatedWebhookEndpoint } from '@docket/contracts/webhooks';
import { CopyButton } from '../../../components/copy-button.tsx';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { EmptyState, QueryView } from '../../../components/states.tsx';
import { formatRelativeTime } from '../../../lib/format.ts';
import { useCreateWebhookEndpoint, useDeleteWebhookEndpoint, useWebhookEndpoints } from '../api/webhook-endpoints.ts';
import { signedCurlExample } from './signed-curl-example.ts';

function CreatedEndpoint({ endpoint }: { endpoint: CreatedWebhookEndpoint }) {
  return (
    <section className="card" style={{ marginBottom: '1rem' }} aria-labelledby="new-endpoint">
      <h2 id="new-endpoint">Endpoint “{endpoint.name}” created</h2>
      <p className="alert info">Copy the signing secret now: it is shown only once.</p>
      <div className="field">
        <label htmlFor="secret">Signing secret</label>
        <div style={{ display: 'flex', gap: '0.5rem' }}>
          <input id="secret" readOnly value={endpoint.secret} data-testid="endpoint-secret" />
          <CopyButton text={endpoint.secret} label="Copy" />
        </div>
      </div>
      <label htmlFor="curl">Try it: a signed request</label>
      <pre id="curl" className="text-view">
        {signedCurlExample(endpoint.url, endpoint.secret)}
      </pre>
      <CopyButton text={signedCurlExample(endpoint.url, endpoint.secret)} label="Copy command" />
    </section>
  );
}

export function WebhooksPage() {
  const endpoints = useWebhookEndpoints();
  const create = useCreateWebhookEndpoint();
  const remove = useDeleteWebhookEndpoint();
  const [name, setName] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(name.trim(), { onSuccess: () => setName('') });
  };

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Webhook endpoints</h1>
          <p className="muted">Let another system push documents to Docket, signed with a shared secret.</p>
        </div>
      </div>
      {create.data && <CreatedEndpoint endpoint={create.data} />}
      <form className="card toolbar" onSubmit={submit} style={{ marginBottom: '1rem' }}>
        <div className="field" style={{ flex: 1 }}>
          <label htmlFor="endpoint-name">New endpoint name</label>
          <input id="endpoint-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. CRM export" maxLength={100} />
        </div>
        <button type="submit" className="button primary" disabled={!name.trim() || create.isPending}>
          Create endpoint
        </button>
      </form>
      <ErrorAlert error={create.error} fallback="Could not create the endpoint." />
      <section className="card">
        <QueryView query={endpoints} empty={(data) => data.items.length === 0 && <EmptyState>No endpoints yet.</EmptyState>}>
          {(endpointsData) => (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>URL</th>
                    <th className="hide-narrow">Created</th>
                    <th>
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {endpointsData.items.map((endpoint) => (
                    <tr key={endpoint.id}>
                      <td>{endpoint.name}</td>
                      <td>
                        <code style={{ wordBreak: 'break-all' }}>{endpoint.url}</code>
                      </td>
                      <td className="hide-narrow muted">{formatRelativeTime(endpoint.created_at)}</td>
                      <td className="num">
                        <button
                          type="button"
                          className="button small danger"
                          onClick={() => window.confirm(`Delete “${endpoint.name}”? Deliveries to it will be refused.`) && remove.mutate(endpoint.id)}
                        >
                          Delete
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryView>
      </section>
    </>
  );
}
