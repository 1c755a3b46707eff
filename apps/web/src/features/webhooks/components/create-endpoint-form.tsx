import { useState, type FormEvent } from 'react';
import { Field } from '../../../components/field.tsx';
import type { useCreateWebhookEndpoint } from '../api/webhook-endpoints.ts';

/** Names a new endpoint; `create` is the page's mutation, whose result the page shows. */
export function CreateEndpointForm({ create }: { create: ReturnType<typeof useCreateWebhookEndpoint> }) {
  const [name, setName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(name.trim(), { onSuccess: () => setName('') });
  };
  return (
    <form className="card toolbar" onSubmit={submit}>
      <Field id="endpoint-name" label="New endpoint name" grow>
        <input id="endpoint-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. CRM export" maxLength={100} />
      </Field>
      <button type="submit" className="button primary" disabled={!name.trim() || create.isPending}>
        Create endpoint
      </button>
    </form>
  );
}
