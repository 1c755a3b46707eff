import { useSearchParams } from 'react-router';
import { isUuid } from '@docket/contracts/common';

/** The search parameter of the admin pages that names the organisation they are narrowed to. */
export const ORGANIZATION_PARAM = 'organization';

/**
 * The organisation the admin pages are narrowed to, kept in the address (`?organization=`)
 * so a narrowed view can be reloaded, shared, and carried from the admin page to a queue's.
 * Anything but a UUID there counts as no narrowing.
 */
export function useAdminNarrowing(): { organizationId?: string; select: (organizationId: string | undefined) => void; search: string } {
  const [params, setParams] = useSearchParams();
  const named = params.get(ORGANIZATION_PARAM) ?? '';
  const organizationId = isUuid(named) ? named : undefined;
  const select = (next: string | undefined) =>
    setParams((current) => {
      const updated = new URLSearchParams(current);
      if (next) updated.set(ORGANIZATION_PARAM, next);
      else updated.delete(ORGANIZATION_PARAM);
      return updated;
    });
  return { organizationId, select, search: organizationId ? `?${new URLSearchParams({ [ORGANIZATION_PARAM]: organizationId })}` : '' };
}
