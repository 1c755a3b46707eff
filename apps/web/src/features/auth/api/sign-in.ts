import { useMutation } from '@tanstack/react-query';
import { SessionResultSchema, type LoginRequest } from '@docket/contracts/auth';
import { api, COOKIE_SESSION_HEADERS } from '../../../lib/api-client.ts';
import { sessionFrom, writeSession } from '../../../lib/session.ts';

export type Credentials = LoginRequest;

/** Signs in or up as a cookie session: the access token stays in memory, the refresh token in an HttpOnly cookie. */
async function authenticate(path: '/api/auth/login' | '/api/auth/register', credentials: Credentials) {
  const result = SessionResultSchema.parse(await api(path, { method: 'POST', json: credentials, headers: COOKIE_SESSION_HEADERS }));
  writeSession(sessionFrom(result));
  return result;
}

export const useSignIn = () => useMutation({ mutationFn: (credentials: Credentials) => authenticate('/api/auth/login', credentials) });
export const useSignUp = () => useMutation({ mutationFn: (credentials: Credentials) => authenticate('/api/auth/register', credentials) });
