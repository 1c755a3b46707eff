import { describe, expect, it } from 'vitest';
import { assignableRoles, mayManageMember, ORGANIZATION_ROLES, type OrganizationRole } from '../src/organizations.ts';

// Who may do what to whom, as docs/api.md#organisations tabulates it; the server and the dashboard both ask these.
const table = (ask: (caller: OrganizationRole, target: OrganizationRole) => unknown) =>
  Object.fromEntries(ORGANIZATION_ROLES.map((caller) => [caller, Object.fromEntries(ORGANIZATION_ROLES.map((target) => [target, ask(caller, target)]))]));

describe('managing members', () => {
  it('lets owners manage everyone, admins admins and members, members nobody', () => {
    expect(table(mayManageMember)).toEqual({
      owner: { owner: true, admin: true, member: true },
      admin: { owner: false, admin: true, member: true },
      member: { owner: false, admin: false, member: false },
    });
  });

  it('lets only owners make owners', () => {
    expect(table(assignableRoles)).toEqual({
      owner: { owner: ['owner', 'admin', 'member'], admin: ['owner', 'admin', 'member'], member: ['owner', 'admin', 'member'] },
      admin: { owner: [], admin: ['admin', 'member'], member: ['admin', 'member'] },
      member: { owner: [], admin: [], member: [] },
    });
  });
});
