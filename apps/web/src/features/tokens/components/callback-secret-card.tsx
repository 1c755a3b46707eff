import { useState } from 'react';
import { CopyButton } from '../../../components/copy-button.tsx';
import { ErrorState } from '../../../components/states.tsx';
import { useCallbackSecret, useRotateCallbackSecret } from '../api/callback-secret.ts';

/** The secret completion callbacks are signed with: hidden until asked for, rotatable. */
export function CallbackSecretCard() {
  const [shown, setShown] = useState(false);
  const secret = useCallbackSecret(shown);
  const rotate = useRotateCallbackSecret();
  return (
    <section className="card" style={{ marginBottom: '1rem' }} aria-labelledby="callback-secret">
      <h2 id="callback-secret">Callback signing secret</h2>
      <p className="muted">
        Jobs submitted with a <code>callback_url</code> are POSTed there when they finish, signed the Standard Webhooks way with this secret. Verify the
        signature before trusting a callback.
      </p>
      {!shown ? (
        <button type="button" className="button" onClick={() => setShown(true)}>
          Reveal secret
        </button>
      ) : secret.isError ? (
        <ErrorState error={secret.error} onRetry={() => secret.refetch()} />
      ) : (
        <div style={{ display: 'flex', gap: '0.5rem', alignItems: 'center', flexWrap: 'wrap' }}>
          <code data-testid="callback-secret" style={{ wordBreak: 'break-all' }}>
            {secret.data?.secret ?? '…'}
          </code>
          {secret.data && <CopyButton text={secret.data.secret} label="Copy" />}
          <button
            type="button"
            className="button small danger"
            disabled={rotate.isPending}
            onClick={() => window.confirm('Rotate the secret? Callbacks from now on, retries included, are signed with the new one.') && rotate.mutate()}
          >
            Rotate
          </button>
        </div>
      )}
    </section>
  );
}
