import { createLocalJWKSet, errors, type CryptoKey, type FlattenedJWSInput, type JSONWebKeySet, type JWSHeaderParameters, type LocalJWKSet } from 'jose';
import { AppError } from '@docket/contracts/app-error';
import type { Clock } from '@docket/contracts/clock';
import { fetchProviderDocument, ProviderFetchError } from './fetch-provider-document.ts';

/**
 * Keys are read again after this long even when every token finds its key, so a key the
 * provider withdrew (compromised, retired) stops being accepted within ten minutes.
 */
export const KEY_SET_MAX_AGE_MS = 10 * 60_000;

export type ProviderKeysOptions = {
  clock: Clock;
  /**
   * At least this long between two reads of the provider (OIDC_KEY_REFETCH_SECONDS): tokens
   * naming a key id nobody knows cost an attacker nothing, so they must not cost the
   * provider (or Docket) a request each.
   */
  refetchIntervalMs: number;
};

export type ProviderKeys = {
  /** The key a token's header names (a jose key resolver); reads the provider when needed and allowed. */
  keyFor(header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<CryptoKey>;
};

/** `<issuer>/.well-known/openid-configuration`, as OpenID Connect Discovery 1.0 §4 builds it. */
export function discoveryUrl(issuer: string): URL {
  return new URL(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
}

/**
 * The signing keys of one OpenID provider: discovered from its discovery document, read
 * from its `jwks_uri`, and cached. A token whose key id is not in the cache makes Docket
 * read the key set again — once per `refetchIntervalMs` at most, shared by every request
 * waiting for it — so rotated keys are picked up and unknown ones are refused without a
 * request each. The cache is also refreshed after `KEY_SET_MAX_AGE_MS`.
 *
 * A failed read is remembered for the same interval: until it passes, tokens that need the
 * provider are answered 503 at once instead of each waiting for a provider that is down.
 * Stale keys are never used after a failed refresh (fail closed).
 */
export function createProviderKeys(issuer: string, options: ProviderKeysOptions): ProviderKeys {
  let keys: { resolve: LocalJWKSet; fetchedAt: number } | undefined;
  let jwksUrl: URL | undefined;
  let lastAttempt: { at: number; error?: ProviderFetchError } | undefined;
  let loading: Promise<void> | undefined;

  const now = () => options.clock().getTime();
  const mayFetch = () => loading !== undefined || lastAttempt === undefined || now() - lastAttempt.at >= options.refetchIntervalMs;
  const fresh = () => keys !== undefined && now() - keys.fetchedAt < KEY_SET_MAX_AGE_MS;

  async function read(): Promise<void> {
    const at = now();
    try {
      jwksUrl ??= jwksUrlOf(await fetchProviderDocument(discoveryUrl(issuer), `the discovery document of ${issuer}`), issuer);
      keys = { resolve: keySetOf(await fetchProviderDocument(jwksUrl, `the key set of ${issuer}`), issuer), fetchedAt: at };
      lastAttempt = { at };
    } catch (error) {
      if (!(error instanceof ProviderFetchError)) throw error;
      // The provider may have moved its keys: discover again next time.
      jwksUrl = undefined;
      lastAttempt = { at, error };
    }
  }

  /** Reads the provider unless a read is running (then waits for that one). */
  function load(): Promise<void> {
    loading ??= read().finally(() => {
      loading = undefined;
    });
    return loading;
  }

  function unavailable(): AppError {
    const reason = lastAttempt?.error?.message ?? 'its keys could not be read';
    return new AppError('unavailable', `could not read the signing keys of identity provider ${issuer}: ${reason}; try again shortly`);
  }

  return {
    async keyFor(header, token) {
      if (!fresh() && mayFetch()) await load();
      if (!fresh()) throw unavailable();
      try {
        return await keys!.resolve(header, token);
      } catch (error) {
        if (!(error instanceof errors.JWKSNoMatchingKey) || !mayFetch()) throw error;
      }
      await load();
      if (lastAttempt?.error) throw unavailable();
      return keys!.resolve(header, token);
    },
  };
}

/**
 * The `jwks_uri` of a discovery document, which must name the issuer it was read from
 * (Discovery §4.3): a document claiming another issuer would hand out another issuer's keys.
 */
function jwksUrlOf(document: unknown, issuer: string): URL {
  const { issuer: named, jwks_uri: jwksUri } = (document ?? {}) as { issuer?: unknown; jwks_uri?: unknown };
  if (named !== issuer) throw new ProviderFetchError(`the discovery document of ${issuer} names the issuer ${JSON.stringify(named)}; it must be the same`);
  if (typeof jwksUri !== 'string' || !URL.canParse(jwksUri)) throw new ProviderFetchError(`the discovery document of ${issuer} has no valid jwks_uri`);
  return new URL(jwksUri);
}

function keySetOf(document: unknown, issuer: string): LocalJWKSet {
  try {
    return createLocalJWKSet(document as JSONWebKeySet);
  } catch (error) {
    if (error instanceof errors.JWKSInvalid) throw new ProviderFetchError(`the key set of ${issuer} is not a JSON Web Key Set`);
    throw error;
  }
}
