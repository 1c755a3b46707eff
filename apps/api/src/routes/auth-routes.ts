import { Router } from 'express';
import { getMe, login, logout, refresh, register, type AuthDeps } from '@docket/auth/sessions';
import { LoginRequestSchema, LogoutRequestSchema, RefreshRequestSchema, RegisterRequestSchema } from '@docket/contracts/auth';
import type { ApiDeps } from '../api-deps.ts';
import { authenticate, userIdOf } from '../http/authenticate.ts';
import { parseInput } from '../http/parse-input.ts';

export function authRoutes({ db, settings }: ApiDeps): Router {
  const deps: AuthDeps = { db, jwtSecret: settings.jwtSecret, adminEmails: settings.adminEmails, passwordCost: settings.passwordCost };
  const router = Router();

  router.post('/register', async (req, res) => {
    res.status(201).json(await register(deps, parseInput(RegisterRequestSchema, req.body, 'registration')));
  });
  router.post('/login', async (req, res) => {
    res.json(await login(deps, parseInput(LoginRequestSchema, req.body, 'login')));
  });
  router.post('/refresh', async (req, res) => {
    res.json(await refresh(deps, parseInput(RefreshRequestSchema, req.body, 'refresh request').refresh_token));
  });
  router.post('/logout', async (req, res) => {
    await logout(deps, parseInput(LogoutRequestSchema, req.body, 'logout request').refresh_token);
    res.status(204).end();
  });
  router.get('/me', authenticate(settings.jwtSecret, db), async (req, res) => {
    res.json(await getMe(db, userIdOf(req)));
  });
  return router;
}
