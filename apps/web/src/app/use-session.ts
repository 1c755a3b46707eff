import { useEffect, useState } from 'react';
import { REFRESH_MARGIN_MS, refreshSession, restoreSession } from '../lib/api-client.ts';
import { isSessionKnown, onSessionChange, readSession, type Session } from '../lib/session.ts';

/**
 * The current session, kept fresh: the access token is renewed a minute before it expires.
 * `undefined` while the page is still asking the server whether the refresh cookie holds a
 * sign-in (right after a load), then the session or `null`.
 */
export function useSession(): Session | null | undefined {
  const [session, setSession] = useState(() => (isSessionKnown() ? readSession() : undefined));
  useEffect(() => {
    const unsubscribe = onSessionChange(setSession);
    void restoreSession();
    return unsubscribe;
  }, []);
  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(() => void refreshSession(), Math.max(0, session.expiresAt - Date.now() - REFRESH_MARGIN_MS));
    return () => clearTimeout(timer);
  }, [session]);
  return session;
}
