import { mayDo, type OrganizationRole } from '@docket/contracts/organizations';
import { CardSection } from '../../../components/card-section.tsx';
import { PageHead } from '../../../components/page-head.tsx';
import { useOrganizationChoice } from '../../../lib/active-organization.ts';
import { CreateOrganizationForm } from './create-organization-form.tsx';
import { IdentityLinksCard } from './identity-links-card.tsx';
import { InvitationsCard } from './invitations-card.tsx';
import { MembersCard } from './members-card.tsx';
import { OrganizationSettingsCard } from './organization-settings-card.tsx';

const ROLE_MEANS: Record<OrganizationRole, string> = {
  owner: 'you manage everything here, owners included',
  admin: 'you invite people, manage members and admins, webhook endpoints and every job',
  member: 'you submit jobs, read everyone’s, and cancel or retry your own',
};

/** The active organisation: its members, invitations, identity-provider links and settings, as far as the user's role reaches. */
export function OrganizationPage() {
  const { active, select } = useOrganizationChoice();
  if (active.personal) {
    return (
      <>
        <PageHead title="Personal organisation">Your own jobs, tokens and endpoints: nobody else sees them, and nobody can join.</PageHead>
        <CardSection id="new-organization" title="Work with others">
          <p className="muted">Create an organisation and invite people: its jobs, numbers, webhook endpoints and usage are shared by its members.</p>
          <CreateOrganizationForm id="new-organization-name" onCreated={(organization) => select(organization.id)} />
        </CardSection>
      </>
    );
  }
  return (
    <>
      <PageHead title={active.name} trail="Organisation">
        You are {active.role === 'member' ? 'a' : 'an'} {active.role}: {ROLE_MEANS[active.role]}.
      </PageHead>
      <MembersCard organization={active} />
      {mayDo(active.role, 'administer') && <InvitationsCard organization={active} />}
      {mayDo(active.role, 'linkIdentities') && <IdentityLinksCard organization={active} />}
      {mayDo(active.role, 'administer') && <OrganizationSettingsCard organization={active} />}
    </>
  );
}
