import { useMutation } from '@tanstack/react-query';
import { AuthResultSchema, type LoginRequest } from '@docket/contracts/auth';
import { api } from '../../../lib/api-client.ts';
import { sessionFrom, writeSession } from '../../../lib/session.ts';

export type Credentials = LoginRequest;

async function authenticate(path: '/api/auth/login' | '/api/auth/register', credentials: Credentials) {
  const result = AuthResultSchema.parse(await api(path, { method: 'POST', json: credentials }));
  writeSession(sessionFrom(result));
  return result;
}

export const useSignIn = () => useMutation({ mutationFn: (credentials: Credentials) => authenticate('/api/auth/login', credentials) });
export const useSignUp = () => useMutation({ mutationFn: (credentials: Credentials) => authenticate('/api/auth/register', credentials) });
