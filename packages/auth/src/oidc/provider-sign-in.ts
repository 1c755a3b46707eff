import { decodeJwt } from 'jose';
import type { Clock } from '@docket/contracts/clock';
import type { Db } from '@docket/db/create-prisma';
import { ACCESS_TOKEN_ISSUER, type AccessClaims } from '../access-token.ts';
import { matchProviderAccount, type AccountLinking } from './match-provider-account.ts';
import { syncProviderMemberships } from './sync-provider-memberships.ts';
import { createProviderTokenVerifier, type OidcProvider } from './verify-provider-token.ts';

export type ProviderSignInSettings = AccountLinking & {
  /** OIDC_ISSUER + OIDC_AUDIENCE, or OIDC_ISSUERS: at least one. */
  providers: readonly OidcProvider[];
  /** OIDC_KEY_REFETCH_SECONDS, in ms: the least time between two reads of one provider's keys. */
  keyRefetchIntervalMs: number;
  /** ORG_MAX_MEMBERS: a claim adds no member to a full organisation, as an invitation would not. */
  membersPerOrganization: number;
};

export type ProviderSignIn = {
  /** Whether a bearer token is for this sign-in: a JWT that Docket did not issue itself. */
  handles(token: string): boolean;
  /**
   * The account a provider token signs in to (see `verify` and `matchProviderAccount`):
   * a user session, with no scopes, exactly like one of Docket's own access tokens. Where the
   * provider has an organisations claim, the memberships it granted follow the token's claim
   * first (syncProviderMemberships), so the request already acts with them.
   * @throws AppError invalid_token | token_expired (401); unavailable (503) when the provider's keys cannot be read
   */
  authenticate(token: string, realm: string | undefined): Promise<AccessClaims>;
  /** The issuers whose organisations claim organisations may link to (those with organizations_claim). */
  linkableIssuers: readonly string[];
};

/** Sign-in with tokens of the configured OpenID providers. */
export function createProviderSignIn(deps: { db: Db; clock: Clock }, settings: ProviderSignInSettings): ProviderSignIn {
  const verifier = createProviderTokenVerifier(settings.providers, { clock: deps.clock, refetchIntervalMs: settings.keyRefetchIntervalMs });
  return {
    handles: isProviderToken,
    authenticate: async (token, realm) => {
      const identity = await verifier.verify(token, realm);
      const claims = await matchProviderAccount(deps.db, identity, settings, deps.clock());
      if (identity.organizations !== undefined) await syncProviderMemberships(deps.db, { userId: claims.userId, issuer: identity.issuer, values: identity.organizations }, { now: deps.clock(), membersPerOrganization: settings.membersPerOrganization });
      return claims;
    },
    linkableIssuers: settings.providers.filter((provider) => provider.organizationsClaim !== undefined).map((provider) => provider.issuer),
  };
}

function isProviderToken(token: string): boolean {
  try {
    return decodeJwt(token).iss !== ACCESS_TOKEN_ISSUER;
  } catch {
    // Not a JWT at all: Docket's own verification refuses it.
    return false;
  }
}
