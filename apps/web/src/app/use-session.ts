import { useEffect, useState } from 'react';
import { REFRESH_MARGIN_MS, refreshSession } from '../lib/api-client.ts';
import { onSessionChange, readSession, type Session } from '../lib/session.ts';

/** The current session, kept fresh: the access token is renewed a minute before it expires. */
export function useSession(): Session | null {
  const [session, setSession] = useState(readSession);
  useEffect(() => onSessionChange(setSession), []);
  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(() => void refreshSession(), Math.max(0, session.expiresAt - Date.now() - REFRESH_MARGIN_MS));
    return () => clearTimeout(timer);
  }, [session]);
  return session;
}
