/**
 * The organisation the user last chose, kept across reloads in this browser, per account (two
 * people sharing a browser each keep theirs). Only an id: whether the user still belongs to it
 * is checked against their organisations before it is used.
 */
const key = (userId: string) => `docket.organization.${userId}`;

export function rememberedOrganization(userId: string): string | null {
  return localStorage.getItem(key(userId));
}

/** `null` forgets the choice (the personal organisation is the default). */
export function rememberOrganization(userId: string, organizationId: string | null): void {
  if (organizationId) localStorage.setItem(key(userId), organizationId);
  else localStorage.removeItem(key(userId));
}
