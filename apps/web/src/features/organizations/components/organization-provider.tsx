import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { User } from '@docket/contracts/auth';
import { ErrorState, LoadingRows } from '../../../components/states.tsx';
import { OrganizationContext, type OrganizationChoice } from '../../../lib/active-organization.ts';
import { ApiError } from '../../../lib/api-error.ts';
import { useOrganizationList } from '../api/organizations.ts';
import { rememberedOrganization, rememberOrganization } from './remembered-organization.ts';

/**
 * Loads the user's organisations and provides the active one to everything inside: the one
 * the user chose last (remembered across reloads) while they still belong to it, else their
 * personal organisation. Nothing inside renders before the list is known, so no request goes
 * out for an organisation the user has left.
 */
export function OrganizationProvider({ user, children }: { user: User; children: ReactNode }) {
  const list = useOrganizationList(user.id);
  const [chosen, setChosen] = useState(() => rememberedOrganization(user.id));
  const organizations = list.data?.items;
  const stale = Boolean(organizations && chosen && !organizations.some((organization) => organization.id === chosen));

  // Left, removed or deleted since it was chosen: forget it (the personal one stands in).
  useEffect(() => {
    if (stale) rememberOrganization(user.id, null);
  }, [stale, user.id]);

  const choice = useMemo((): OrganizationChoice | null => {
    const active = organizations && (organizations.find((organization) => organization.id === chosen) ?? organizations.find((organization) => organization.personal) ?? organizations[0]);
    if (!organizations || !active) return null;
    const select = (organizationId: string) => {
      rememberOrganization(user.id, organizationId);
      setChosen(organizationId);
    };
    return { active, organizations, select };
  }, [organizations, chosen, user.id]);

  // Removed from the active organisation (or it was deleted) while using it: its requests answer
  // 403. Asking for the list again lets the check above fall back to the personal organisation
  // now rather than at the next focus or reload. (A role's 403 costs one list read, nothing more.)
  const queryClient = useQueryClient();
  const activeId = choice?.active.id;
  const refetchList = list.refetch;
  useEffect(() => {
    if (!activeId) return undefined;
    return queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated' || event.action.type !== 'error') return;
      const { error } = event.action;
      if (error instanceof ApiError && error.status === 403 && event.query.queryKey.includes(activeId)) void refetchList();
    });
  }, [queryClient, activeId, refetchList]);

  // (Without an error, an empty list: every account has its personal organisation, so asking again is all there is to do.)
  if (!choice) return list.isPending ? <LoadingRows /> : <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  return <OrganizationContext value={choice}>{children}</OrganizationContext>;
}
