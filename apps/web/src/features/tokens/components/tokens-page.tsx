import { useState, type FormEvent } from 'react';
import { TOKEN_SCOPES, type TokenScope } from '@docket/contracts/tokens';
import { CopyButton } from '../../../components/copy-button.tsx';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { EmptyState, QueryView } from '../../../components/states.tsx';
import { formatDateTime, formatRelativeTime } from '../../../lib/format.ts';
import { useApiTokens, useCreateApiToken, useRevokeApiToken } from '../api/api-tokens.ts';
import { CallbackSecretCard } from './callback-secret-card.tsx';

const SCOPE_HELP: Record<TokenScope, string> = {
  'jobs:read': 'list jobs, read documents and their text',
  'jobs:write': 'submit, cancel and retry jobs',
  'history:read': 'history statistics and analytics',
  'usage:read': 'usage numbers (and, for admins, the billing export)',
};

export function TokensPage() {
  const tokens = useApiTokens();
  const create = useCreateApiToken();
  const revoke = useRevokeApiToken();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>(['jobs:read', 'jobs:write']);
  const [days, setDays] = useState('90');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name: name.trim(), scopes, expires_in_days: days ? Number(days) : undefined }, { onSuccess: () => setName('') });
  };

  return (
    <>
      <div className="page-head">
        <div>
          <h1>API tokens</h1>
          <p className="muted">
            For scripts and the <code>docket</code> CLI: send <code>Authorization: Bearer dkt_…</code>. A token can do only what its scopes allow.
          </p>
        </div>
      </div>
      {create.data && (
        <section className="card" style={{ marginBottom: '1rem' }} aria-labelledby="new-token">
          <h2 id="new-token">Token “{create.data.name}” created</h2>
          <p className="alert info">Copy it now: it is shown only once.</p>
          <div style={{ display: 'flex', gap: '0.5rem' }}>
            <input readOnly value={create.data.token} aria-label="New token" data-testid="new-token" />
            <CopyButton text={create.data.token} label="Copy" />
          </div>
        </section>
      )}
      <form className="card" onSubmit={submit} style={{ marginBottom: '1rem' }}>
        <div className="toolbar" style={{ marginBottom: '0.5rem' }}>
          <div className="field" style={{ flex: 1 }}>
            <label htmlFor="token-name">Name</label>
            <input id="token-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. nightly import" maxLength={100} />
          </div>
          <div className="field">
            <label htmlFor="token-days">Expires after (days)</label>
            <select id="token-days" value={days} onChange={(e) => setDays(e.target.value)}>
              <option value="30">30</option>
              <option value="90">90</option>
              <option value="365">365</option>
              <option value="">never</option>
            </select>
          </div>
        </div>
        <fieldset style={{ border: 0, padding: 0, margin: '0 0 1rem' }}>
          <legend style={{ fontWeight: 600, fontSize: '0.9rem', marginBottom: '0.3rem' }}>Scopes</legend>
          {TOKEN_SCOPES.map((scope) => (
            <label key={scope} style={{ fontWeight: 400, display: 'flex', gap: '0.5rem', alignItems: 'center' }}>
              <input
                type="checkbox"
                style={{ width: 'auto' }}
                checked={scopes.includes(scope)}
                onChange={(e) => setScopes((current) => (e.target.checked ? [...current, scope] : current.filter((s) => s !== scope)))}
              />
              <code>{scope}</code> <span className="muted">— {SCOPE_HELP[scope]}</span>
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button primary" disabled={!name.trim() || scopes.length === 0 || create.isPending}>
          Create token
        </button>
        <ErrorAlert error={create.error} fallback="Could not create the token." />
      </form>
      <section className="card">
        <QueryView query={tokens} empty={(data) => data.items.length === 0 && <EmptyState>No tokens yet.</EmptyState>}>
          {(tokensData) => (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Scopes</th>
                    <th className="hide-narrow">Expires</th>
                    <th className="hide-narrow">Last used</th>
                    <th>
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {tokensData.items.map((token) => (
                    <tr key={token.id}>
                      <td>{token.name}</td>
                      <td>{token.scopes.join(', ')}</td>
                      <td className="hide-narrow muted">{token.expires_at ? formatDateTime(token.expires_at) : 'never'}</td>
                      <td className="hide-narrow muted">{token.last_used_at ? formatRelativeTime(token.last_used_at) : 'never'}</td>
                      <td className="num">
                        <button
                          type="button"
                          className="button small danger"
                          onClick={() => window.confirm(`Revoke “${token.name}”? Scripts using it stop working at once.`) && revoke.mutate(token.id)}
                        >
                          Revoke
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
      <div style={{ marginTop: '1rem' }}>
        <CallbackSecretCard />
      </div>
    </>
  );
}
