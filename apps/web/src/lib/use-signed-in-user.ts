import { useSyncExternalStore } from 'react';
import type { User } from '@docket/contracts/auth';
import { onSessionChange, readSession } from './session.ts';

/**
 * The signed-in user, current through every session change (sign-in, a refresh that brings a
 * new role, sign-out); null when signed out. For pages inside the signed-in frame, which
 * itself restores and refreshes the session.
 */
export function useSignedInUser(): User | null {
  return useSyncExternalStore(onSessionChange, () => readSession()?.user ?? null);
}
