import type { RequestHandler } from 'express';
import { AppError } from '@docket/contracts/app-error';
import { UuidSchema } from '@docket/contracts/common';
import { TENANT_HEADER, type OrganizationCaller } from '@docket/contracts/organizations';
import type { ApiDeps } from '../api-deps.ts';
import { userIdOf } from './authenticate.ts';
import { parseInput } from './parse-input.ts';

/**
 * Sets `req.caller` (after `authenticate`): the organisation the call acts in and the caller's
 * role there. A signed-in user picks it with `x-tenantid` (absent: their personal
 * organisation); an API token always acts in the organisation it belongs to and ignores the
 * header. A malformed id is 400; an organisation the caller is not a member of — or that does
 * not exist, which is not told apart — is 403. Every call that gets this far is counted on the
 * organisation's `api_calls` meter (in memory; see api-call-meter.ts).
 */
export function selectOrganization({ callers, apiCalls }: Pick<ApiDeps, 'callers' | 'apiCalls'>): RequestHandler {
  return async (req, _res, next) => {
    const tokenOrganization = req.auth?.organizationId;
    const header = req.get(TENANT_HEADER);
    const named = tokenOrganization ?? (header === undefined ? undefined : parseInput(UuidSchema, header.trim().toLowerCase(), `${TENANT_HEADER} header`));
    req.caller = await callers(userIdOf(req), named);
    apiCalls.record(req.caller.organizationId, req.auth?.tokenId);
    next();
  };
}

/** The caller within the selected organisation (routes behind `selectOrganization`). */
export function callerOf(req: { caller?: OrganizationCaller }): OrganizationCaller {
  if (!req.caller) throw new AppError('unauthorized', 'not authenticated');
  return req.caller;
}
