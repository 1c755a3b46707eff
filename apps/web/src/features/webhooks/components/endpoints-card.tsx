import type { WebhookEndpoint } from '@docket/contracts/webhooks';
import { confirmColumn } from '../../../components/confirm-column.tsx';
import type { DataColumn } from '../../../components/data-table.tsx';
import { QueryTable } from '../../../components/query-table.tsx';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { EmptyState } from '../../../components/states.tsx';
import { useDeleteWebhookEndpoint, useWebhookEndpoints } from '../api/webhook-endpoints.ts';

/** The organisation's webhook endpoints with their URLs, and Delete for those who may. */
export function EndpointsCard({ mayDelete }: { mayDelete: boolean }) {
  const endpoints = useWebhookEndpoints();
  const remove = useDeleteWebhookEndpoint();
  const columns: Array<DataColumn<WebhookEndpoint>> = [
    { header: 'Name', cell: (endpoint) => endpoint.name },
    { header: 'URL', cell: (endpoint) => <code className="break-all">{endpoint.url}</code> },
    { header: 'Created', className: 'hide-narrow', cellClassName: 'muted', cell: (endpoint) => <RelativeTime iso={endpoint.created_at} /> },
  ];
  if (mayDelete) columns.push(confirmColumn('Delete', (endpoint) => `Delete “${endpoint.name}”? Deliveries to it will be refused.`, (endpoint) => remove.mutate(endpoint.id)));
  return (
    <section className="card">
      <QueryTable query={endpoints} label="Webhook endpoints" columns={columns} rowKey={(endpoint) => endpoint.id} empty={<EmptyState>No endpoints yet.</EmptyState>} />
    </section>
  );
}
