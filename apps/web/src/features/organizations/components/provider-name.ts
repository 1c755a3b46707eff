/** An identity provider as people know it: its issuer's host. */
export const providerName = (issuer: string): string => (URL.canParse(issuer) ? new URL(issuer).host : issuer);
