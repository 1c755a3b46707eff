import type { SessionResult, User } from '@docket/contracts/auth';

/**
 * The signed-in session, in memory only: the access token and the user. The refresh token
 * lives in an HttpOnly cookie the page never sees, so a script injected into the page can
 * neither read a token from storage nor keep one beyond the access token's 15 minutes. A
 * reload restores the session from that cookie (see `restoreSession`). `expiresAt` drives the
 * silent refresh a minute before the access token expires.
 */
export type Session = { user: User; accessToken: string; expiresAt: number };

/** `undefined` until the first refresh tells whether the cookie holds a sign-in. */
let current: Session | null | undefined;
type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();

export function readSession(): Session | null {
  return current ?? null;
}

/** False until the page has asked the server whether a session cookie is there. */
export function isSessionKnown(): boolean {
  return current !== undefined;
}

export function sessionFrom(result: SessionResult, now = Date.now()): Session {
  return { user: result.user, accessToken: result.access_token, expiresAt: now + result.expires_in * 1000 };
}

export function writeSession(session: Session | null): void {
  current = session;
  for (const listener of listeners) listener(session);
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
