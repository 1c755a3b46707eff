import type { CreatedInvitation } from '@docket/contracts/organizations';
import { CopyableValue } from '../../../components/copyable-value.tsx';
import { Field } from '../../../components/field.tsx';
import { formatDateTime } from '../../../lib/format.ts';

/** An invitation just created: the one time its link and code are shown (there is no mail server: the inviter passes them on). */
export function CreatedInvitationCard({ invitation }: { invitation: CreatedInvitation }) {
  return (
    <div className="created-invitation">
      <p className="alert info">
        Copy the link now and send it to the person you invite: it is shown only once, lets one person join as {invitation.role}, and works until{' '}
        {formatDateTime(invitation.expires_at)}.
      </p>
      <Field id="invitation-link" label="Invitation link">
        <CopyableValue id="invitation-link" value={invitation.url} testId="invitation-link" />
      </Field>
      <Field id="invitation-code" label="Or the code, for POST /api/invitations/accept">
        <CopyableValue id="invitation-code" value={invitation.code} testId="invitation-code" />
      </Field>
    </div>
  );
}
