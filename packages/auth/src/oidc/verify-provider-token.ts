import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { AppError } from '@docket/contracts/app-error';
import { createProviderKeys, type ProviderKeys, type ProviderKeysOptions } from './provider-keys.ts';

/** One OpenID provider whose tokens Docket accepts (OIDC_ISSUER + OIDC_AUDIENCE, or an entry of OIDC_ISSUERS). */
export type OidcProvider = {
  /** The provider's issuer identifier, exactly as its tokens' `iss` claim spells it. */
  issuer: string;
  /** What a token's `aud` must contain: the client id Docket is registered under at the provider. */
  audience: string;
  /** The name the `realmname` header uses for this provider. */
  realm?: string;
  /** The claim whose values organisations link to (organisation membership from the provider). */
  organizationsClaim?: string;
};

/** What a verified provider token says about its holder. */
export type ProviderIdentity = {
  issuer: string;
  subject: string;
  /** The `email` claim as sent, if any (checked as an address where an account is created from it). */
  email: unknown;
  /** Only a boolean `true` counts: the provider vouches that the holder owns the address. */
  emailVerified: boolean;
  /**
   * The values of the provider's organisations claim (none when the token lacks it), or
   * undefined when the provider has no organisations claim configured.
   */
  organizations?: string[];
};

/** Asymmetric algorithms only: with them Docket holds no secret a token could be forged with. */
export const PROVIDER_TOKEN_ALGORITHMS = ['RS256', 'ES256'];

/** How far the provider's clock may be from Docket's for `exp`, `nbf` and `iat`. */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** OpenID Connect Core §2: `sub` is at most 255 ASCII characters. */
const MAX_SUBJECT_LENGTH = 255;

export type ProviderTokenVerifier = {
  /**
   * Verifies a provider token: signed RS256/ES256 by a current key of the provider picked by
   * `realm` (the `realmname` header; absent: the provider the token's `iss` names), issued
   * by that provider, for its audience, within its lifetime (± CLOCK_TOLERANCE_SECONDS), with
   * a subject. Unsigned (`alg: none`) and HMAC tokens are refused before any key is looked
   * at, and so is a token of one provider presented under another's realm.
   * @throws AppError invalid_token | token_expired (401); unavailable (503) when the provider's keys cannot be read
   */
  verify(token: string, realm: string | undefined): Promise<ProviderIdentity>;
};

/** A verifier for the configured providers; keys are read from each on first use and cached (see `createProviderKeys`). */
export function createProviderTokenVerifier(providers: readonly OidcProvider[], options: ProviderKeysOptions): ProviderTokenVerifier {
  const entries = providers.map((provider) => ({ provider, keys: createProviderKeys(provider.issuer, options) }));
  const byIssuer = new Map(entries.map((entry) => [entry.provider.issuer, entry]));
  const byRealm = new Map(entries.flatMap((entry) => (entry.provider.realm === undefined ? [] : [[entry.provider.realm, entry] as const])));

  function providerFor(claims: JWTPayload, realm: string | undefined): { provider: OidcProvider; keys: ProviderKeys } {
    if (realm !== undefined) {
      const entry = byRealm.get(realm);
      if (!entry) throw new AppError('invalid_token', `no identity provider is configured for the realm ${quote(realm)} (realmname header)`);
      if (claims.iss !== entry.provider.issuer) {
        throw new AppError('invalid_token', `this token was issued by ${quote(claims.iss)}, not by ${entry.provider.issuer}, the identity provider of realm ${quote(realm)}`);
      }
      return entry;
    }
    const entry = typeof claims.iss === 'string' ? byIssuer.get(claims.iss) : undefined;
    if (!entry) throw new AppError('invalid_token', `tokens issued by ${quote(claims.iss)} are not accepted: it is not a configured identity provider`);
    return entry;
  }

  return {
    async verify(token, realm) {
      const claims = decoded(token);
      const { provider, keys } = providerFor(claims, realm);
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys.keyFor, {
          algorithms: PROVIDER_TOKEN_ALGORITHMS,
          issuer: provider.issuer,
          audience: provider.audience,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          currentDate: options.clock(),
          requiredClaims: ['exp', 'sub'],
        }));
      } catch (error) {
        throw refusal(error, token, provider);
      }
      if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > MAX_SUBJECT_LENGTH) {
        throw new AppError('invalid_token', `provider token's subject (sub) must be 1–${MAX_SUBJECT_LENGTH} characters`);
      }
      return {
        issuer: provider.issuer,
        subject: payload.sub,
        email: payload.email,
        emailVerified: payload.email_verified === true,
        ...(provider.organizationsClaim !== undefined && { organizations: claimValues(payload, provider) }),
      };
    },
  };
}

/**
 * The organisations claim as a list of distinct strings: a string is one value, an array of
 * strings its values, an absent claim none. Anything else is refused rather than read as
 * "no organisations", which would take every membership the provider granted away. The
 * claim's size is bounded by the token's, which arrives in one request header.
 */
function claimValues(payload: JWTPayload, provider: OidcProvider): string[] {
  const claim = payload[provider.organizationsClaim!];
  if (claim === undefined || claim === null) return [];
  if (typeof claim === 'string') return [claim];
  if (Array.isArray(claim) && claim.every((value) => typeof value === 'string')) return [...new Set(claim as string[])];
  throw new AppError('invalid_token', `provider token's "${provider.organizationsClaim}" claim (organizations_claim) must be a string or an array of strings`);
}

function decoded(token: string): JWTPayload {
  try {
    return decodeJwt(token);
  } catch {
    throw new AppError('invalid_token', 'provider token is not a well-formed JWT');
  }
}

/** The token's header, or nothing where it is not even JSON (jose then refuses the token as malformed). */
function headerOf(token: string): { alg?: unknown; kid?: unknown } {
  try {
    return decodeProtectedHeader(token);
  } catch {
    return {};
  }
}

/** A short, printable rendering of a value taken from a token or a header, for messages. */
function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** What went wrong, in words for whoever holds the token. Anything not about the token is rethrown as is. */
function refusal(error: unknown, token: string, provider: OidcProvider): unknown {
  if (error instanceof errors.JWTExpired) return new AppError('token_expired', `provider token has expired; get a new one from ${provider.issuer}`);
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return new AppError('invalid_token', `provider token has no "${error.claim}" claim`);
    switch (error.claim) {
      case 'aud':
        return new AppError('invalid_token', `provider token is not meant for Docket: its audience (aud) does not include ${quote(provider.audience)}`);
      case 'iss':
        return new AppError('invalid_token', `provider token was not issued by ${provider.issuer}`);
      case 'nbf':
        return new AppError('invalid_token', 'provider token is not valid yet (nbf is in the future)');
      case 'iat':
        return new AppError('invalid_token', 'provider token was issued in the future (iat)');
      default:
        return new AppError('invalid_token', `provider token's "${error.claim}" claim is invalid`);
    }
  }
  const header = headerOf(token);
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new AppError('invalid_token', `provider tokens must be signed with ${PROVIDER_TOKEN_ALGORITHMS.join(' or ')}; this one says ${quote(header.alg)}`);
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new AppError('invalid_token', `no ${quote(header.alg)} signing key of ${provider.issuer} has the key id ${quote(header.kid)} (its current keys were checked)`);
  }
  if (error instanceof errors.JWKSMultipleMatchingKeys) {
    return new AppError('invalid_token', `provider token names no key id (kid) and ${provider.issuer} has several keys that could have signed it`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return new AppError('invalid_token', 'provider token signature does not verify');
  if (error instanceof errors.JOSEError) return new AppError('invalid_token', `provider token is invalid: ${error.message}`);
  return error;
}
