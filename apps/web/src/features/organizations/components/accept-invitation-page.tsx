import { useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { PageHead } from '../../../components/page-head.tsx';
import { useOrganizationChoice } from '../../../lib/active-organization.ts';
import { useSignedInUser } from '../../../lib/use-signed-in-user.ts';
import { useAcceptInvitation } from '../api/invitations.ts';

/**
 * The page an invitation link opens (signed-out visitors are sent to sign in or up and come
 * back). Accepting joins the organisation and lands on its dashboard; a code that is unknown,
 * used, revoked or expired gets the server's answer, which says to ask for a new one.
 */
export function AcceptInvitationPage() {
  const { code = '' } = useParams();
  const accept = useAcceptInvitation();
  const { select } = useOrganizationChoice();
  const user = useSignedInUser();
  const navigate = useNavigate();
  const join = () =>
    accept.mutate(code, {
      onSuccess: (organization) => {
        select(organization.id);
        navigate('/', { replace: true });
      },
    });
  return (
    <>
      <PageHead title="Join an organisation">You have been invited to an organisation on Docket.</PageHead>
      <section className="card" aria-label="Invitation">
        <p>
          Accepting adds <strong>{user?.email}</strong> to it: you will see its jobs and numbers and submit jobs there, with the role the invitation gives.
        </p>
        <ErrorAlert error={accept.error} fallback="Could not accept the invitation." />
        <button type="button" className="button primary" onClick={join} disabled={accept.isPending || accept.isSuccess}>
          Accept invitation
        </button>
      </section>
    </>
  );
}
