import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, COOKIE_SESSION_HEADERS } from '../../../lib/api-client.ts';
import { writeSession } from '../../../lib/session.ts';

/** Ends the sign-in on the server (its refresh-token family, and the cookie) and locally, even if the server is unreachable. */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await api('/api/auth/logout', { method: 'POST', headers: COOKIE_SESSION_HEADERS });
      } finally {
        writeSession(null);
        queryClient.clear();
      }
    },
  });
}
