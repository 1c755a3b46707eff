import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IdentityLinkSchema, type CreateIdentityLinkRequest } from '@docket/contracts/organizations';
import { api } from '../../../lib/api-client.ts';
import { identityLinksPath } from './get-identity-links.ts';
import { organizationKeys } from './organization-keys.ts';

/** Links a claim value of an identity provider to the organisation with a role; the list is asked again. */
export function useCreateIdentityLink(organizationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: CreateIdentityLinkRequest) => IdentityLinkSchema.parse(await api(identityLinksPath(organizationId), { method: 'POST', json: input })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: organizationKeys.identityLinks(organizationId) }),
  });
}
