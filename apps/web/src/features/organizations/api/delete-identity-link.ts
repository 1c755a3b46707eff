import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { identityLinksPath } from './get-identity-links.ts';
import { organizationKeys } from './organization-keys.ts';

/** Deletes a link: the members it brought in go at their next sign-in with that provider. */
export function useDeleteIdentityLink(organizationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (linkId: string) => api<void>(`${identityLinksPath(organizationId)}/${encodeURIComponent(linkId)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: organizationKeys.identityLinks(organizationId) }),
  });
}
