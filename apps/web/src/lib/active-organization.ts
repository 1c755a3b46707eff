import { createContext, useContext } from 'react';
import type { Organization } from '@docket/contracts/organizations';

/**
 * The organisation the dashboard acts in, with every organisation of the user and a way to
 * switch. Provided once by the signed-in frame (which loads the list and remembers the choice);
 * every organisation-scoped query names `active.id` in its key and sends it as x-tenantid.
 */
export type OrganizationChoice = {
  active: Organization;
  /** The user's organisations, the personal one first. */
  organizations: Organization[];
  select: (organizationId: string) => void;
};

export const OrganizationContext = createContext<OrganizationChoice | null>(null);

/** The current choice; only inside the signed-in frame. */
export function useOrganizationChoice(): OrganizationChoice {
  const choice = useContext(OrganizationContext);
  if (!choice) throw new Error('useOrganizationChoice is used outside the signed-in frame');
  return choice;
}

export const useActiveOrganization = (): Organization => useOrganizationChoice().active;

/** How an organisation is named to its user: a personal one is "Personal" (it bears the account's email). */
export const organizationLabel = (organization: Organization): string => (organization.personal ? 'Personal' : organization.name);
