/** A signed-in session: the access token, when it expires, and the refresh token that renews it. */
export type Session = { accessToken: string; refreshToken: string; expiresAt: Date };

/** Renewed this long before the access token expires, so a request never leaves with one about to. */
const RENEW_BEFORE_MS = 60_000;

export type SessionTokens = {
  /** An access token good for at least a minute more, renewing the session first if need be. */
  accessToken(): Promise<string>;
  /** Renews the session after `stale` was refused, unless it has been renewed since `stale` was handed out. */
  renew(stale: string): Promise<void>;
  current(): Session;
};

/**
 * Keeps a session's tokens fresh. Renewals are one at a time: concurrent requests that all
 * find the token expiring wait for the same refresh. That matters: refresh tokens rotate, and
 * presenting a spent one revokes the whole sign-in.
 */
export function sessionTokens(initial: Session, refresh: (refreshToken: string) => Promise<Session>, onSession?: (session: Session) => void | Promise<void>): SessionTokens {
  let session = initial;
  let renewing: Promise<void> | undefined;

  async function renew(stale: string): Promise<void> {
    if (session.accessToken !== stale) return;
    renewing ??= (async () => {
      try {
        session = await refresh(session.refreshToken);
        await onSession?.(session);
      } finally {
        renewing = undefined;
      }
    })();
    await renewing;
  }

  return {
    async accessToken() {
      if (session.expiresAt.getTime() - Date.now() < RENEW_BEFORE_MS) await renew(session.accessToken);
      return session.accessToken;
    },
    renew,
    current: () => session,
  };
}
