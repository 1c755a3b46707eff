import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { readSession, writeSession } from '../../../lib/session.ts';

/** Ends the sign-in on the server (its refresh-token family) and locally, even if the server is unreachable. */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const session = readSession();
      try {
        if (session) await api('/api/auth/logout', { method: 'POST', json: { refresh_token: session.refreshToken } });
      } finally {
        writeSession(null);
        queryClient.clear();
      }
    },
  });
}
