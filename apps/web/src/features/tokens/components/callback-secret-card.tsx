import { useState } from 'react';
import { mayDo } from '@docket/contracts/organizations';
import { CardSection } from '../../../components/card-section.tsx';
import { ConfirmButton } from '../../../components/confirm-button.tsx';
import { CopyButton } from '../../../components/copy-button.tsx';
import { ErrorState } from '../../../components/states.tsx';
import { useActiveOrganization } from '../../../lib/active-organization.ts';
import { useCallbackSecret, useRotateCallbackSecret } from '../api/callback-secret.ts';

/** The organisation's secret completion callbacks are signed with: hidden until asked for, rotatable by owners and admins. */
export function CallbackSecretCard() {
  const [shown, setShown] = useState(false);
  const secret = useCallbackSecret(shown);
  const rotate = useRotateCallbackSecret();
  const mayRotate = mayDo(useActiveOrganization().role, 'administer');
  return (
    <CardSection id="callback-secret" title="Callback signing secret">
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
        <div className="actions">
          <code data-testid="callback-secret" className="break-all">
            {secret.data?.secret ?? '…'}
          </code>
          {secret.data && <CopyButton text={secret.data.secret} label="Copy" />}
          {mayRotate && (
            <ConfirmButton question="Rotate the secret? Callbacks from now on, retries included, are signed with the new one." onConfirm={() => rotate.mutate()} disabled={rotate.isPending}>
              Rotate
            </ConfirmButton>
          )}
        </div>
      )}
    </CardSection>
  );
}
