import type { AuthResult, User } from '@docket/contracts/auth';

/**
 * The signed-in session: tokens and user, kept in localStorage so a reload stays signed
 * in. `expiresAt` drives the silent refresh (a minute before the access token expires).
 */
export type Session = { user: User; accessToken: string; refreshToken: string; expiresAt: number };

const KEY = 'docket.session';
type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();

export function readSession(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function sessionFrom(result: AuthResult, now = Date.now()): Session {
  return { user: result.user, accessToken: result.access_token, refreshToken: result.refresh_token, expiresAt: now + result.expires_in * 1000 };
}

export function writeSession(session: Session | null): void {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
  for (const listener of listeners) listener(session);
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
