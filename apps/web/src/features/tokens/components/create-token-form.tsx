import { useState, type FormEvent } from 'react';
import { grantableScopes, type TokenScope } from '@docket/contracts/tokens';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { Field } from '../../../components/field.tsx';
import { SelectField } from '../../../components/select-field.tsx';
import { useSignedInUser } from '../../../lib/use-signed-in-user.ts';
import type { useCreateApiToken } from '../api/api-tokens.ts';

const SCOPE_HELP: Record<TokenScope, string> = {
  'jobs:read': 'list jobs, read documents and their text',
  'jobs:write': 'submit, cancel and retry jobs',
  'history:read': 'history statistics and analytics',
  'usage:read': 'usage numbers (and, for admins, the billing export)',
  'admin:read': 'every admin view — system totals, queues, workers, the billing export — for monitoring',
};
const LIFETIMES = ['30', '90', '365', { value: '', label: 'never' }];

/**
 * Name, lifetime and scopes of a new token; `create` is the page's mutation, whose result the
 * page shows. Only the scopes the signed-in user may grant are offered (`admin:read` to
 * admins only).
 */
export function CreateTokenForm({ create }: { create: ReturnType<typeof useCreateApiToken> }) {
  const offered = grantableScopes(useSignedInUser()?.role ?? 'user');
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>(['jobs:read', 'jobs:write']);
  const [days, setDays] = useState('90');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name: name.trim(), scopes: scopes.filter((scope) => offered.includes(scope)), expires_in_days: days ? Number(days) : undefined }, { onSuccess: () => setName('') });
  };
  const toggle = (scope: TokenScope, on: boolean) => setScopes((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));

  return (
    <form className="card" onSubmit={submit}>
      <div className="toolbar">
        <Field id="token-name" label="Name" grow>
          <input id="token-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. nightly import" maxLength={100} />
        </Field>
        <SelectField id="token-days" label="Expires after (days)" value={days} options={LIFETIMES} onChange={setDays} />
      </div>
      <fieldset className="checkboxes">
        <legend>Scopes</legend>
        {offered.map((scope) => (
          <label key={scope} className="checkbox">
            <input type="checkbox" checked={scopes.includes(scope)} onChange={(e) => toggle(scope, e.target.checked)} />
            <code>{scope}</code> <span className="muted">— {SCOPE_HELP[scope]}</span>
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button primary" disabled={!name.trim() || scopes.length === 0 || create.isPending}>
        Create token
      </button>
      <ErrorAlert error={create.error} fallback="Could not create the token." />
    </form>
  );
}
