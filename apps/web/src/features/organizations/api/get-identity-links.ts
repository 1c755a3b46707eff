import { queryOptions, useQuery } from '@tanstack/react-query';
import { IdentityLinkListSchema } from '@docket/contracts/organizations';
import { api } from '../../../lib/api-client.ts';
import { organizationKeys } from './organization-keys.ts';

/** `/api/organizations/{id}/identity-links`: the path of the list, and of each link under it. */
export const identityLinksPath = (organizationId: string) => `/api/organizations/${encodeURIComponent(organizationId)}/identity-links`;

/** The organisation's identity-provider links (owners and admins), and the issuers a new link may name. */
export const identityLinksQueryOptions = (organizationId: string) =>
  queryOptions({
    queryKey: organizationKeys.identityLinks(organizationId),
    queryFn: async () => IdentityLinkListSchema.parse(await api(identityLinksPath(organizationId))),
  });

export const useIdentityLinks = (organizationId: string) => useQuery(identityLinksQueryOptions(organizationId));
