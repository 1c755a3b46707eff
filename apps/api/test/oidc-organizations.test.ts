import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIdentityProvider, type TestIdentityProvider, type TestSigningKey } from '@docket/auth/test-support/test-identity-provider';
import { IdentityLinkSchema, MemberListSchema } from '@docket/contracts/organizations';
import { loadApiConfig, providerSignInSettings } from '../src/config.ts';
import { apiClient, signUp, type ApiClient } from './support/api-client.ts';
import { startTestDocket, type TestDocket } from './support/test-docket.ts';

// Organisation membership from an identity provider's claim: owners and admins link claim
// values to their organisation; every sign-in with a token of that provider syncs the
// memberships it granted to the token's claim. Real tokens, signed by a provider on loopback.
let idp: TestIdentityProvider;
let other: TestIdentityProvider;
let key: TestSigningKey;
let otherKey: TestSigningKey;
let docket: TestDocket;

beforeAll(async () => {
  idp = await startTestIdentityProvider({ audience: 'docket', realm: 'corp' });
  other = await startTestIdentityProvider({ audience: 'docket', realm: 'plain' });
  key = await idp.addKey('RS256');
  otherKey = await other.addKey('ES256');
  docket = await startTestDocket({
    RUN_WORKER: 'false',
    OIDC_ISSUERS: JSON.stringify([
      { issuer: idp.issuer, audience: 'docket', realm: 'corp', organizations_claim: 'groups' },
      { issuer: other.issuer, audience: 'docket', realm: 'plain' },
    ]),
  });
});
afterAll(async () => {
  await docket?.stop();
  await idp?.stop();
  await other?.stop();
});

/** A person at the provider: each call signs a fresh token with their current claim. */
function person(groups?: unknown) {
  const subject = `person-${randomUUID()}`;
  const email = `${subject}@corp.example.com`;
  let claim = groups;
  const client = async (): Promise<ApiClient> => apiClient(docket.url, await idp.sign(key, { sub: subject, email, ...(claim === undefined ? {} : { groups: claim }) }));
  return {
    email,
    set: (next: unknown) => (claim = next),
    client,
    /** Signs in with the current claim (a request is a sign-in) and lists the organisations it belongs to. */
    organizations: async () => {
      const reply = await (await client()).get('/api/organizations');
      expect(reply.status).toBe(200);
      return (reply.body.items as Array<{ id: string; role: string; personal: boolean }>).filter((item) => !item.personal).map((item) => ({ id: item.id, role: item.role }));
    },
  };
}

/** A signed-up owner with a shared organisation. */
async function teamOwner(name = 'Team') {
  const { client, auth } = await signUp(docket.url);
  const id = (await client.post('/api/organizations', { name })).body.id as string;
  return { client, id, userId: auth.user.id };
}

async function link(owner: ApiClient, organizationId: string, claimValue: string, role?: string, issuer = idp.issuer) {
  return owner.post(`/api/organizations/${organizationId}/identity-links`, { issuer, claim_value: claimValue, ...(role ? { role } : {}) });
}

describe('OIDC organisations claim settings', () => {
  it('reads organizations_claim per provider, or OIDC_ORGANIZATIONS_CLAIM with OIDC_ISSUER', () => {
    expect(providerSignInSettings(loadApiConfig({ OIDC_ISSUER: 'https://login.example.com', OIDC_AUDIENCE: 'docket', OIDC_ORGANIZATIONS_CLAIM: 'groups' }))?.providers).toEqual([
      { issuer: 'https://login.example.com', audience: 'docket', organizationsClaim: 'groups' },
    ]);
    expect(() => loadApiConfig({ OIDC_ORGANIZATIONS_CLAIM: 'groups' })).toThrow(/OIDC_ORGANIZATIONS_CLAIM goes with OIDC_ISSUER/);
    expect(() => loadApiConfig({ OIDC_ISSUERS: JSON.stringify([{ issuer: 'https://a.example', audience: 'd', organizations_claim: '' }]) })).toThrow(/organizations_claim/);
  });
});

describe('organisation membership from an identity provider’s claim', () => {
  it('adds a member when the claim (a string or an array) holds a linked value, with the link’s role, and removes them when it no longer does', async () => {
    const team = await teamOwner();
    expect(IdentityLinkSchema.parse((await link(team.client, team.id, 'engineering')).body)).toMatchObject({ issuer: idp.issuer, claim_value: 'engineering', role: 'member', created_by: team.userId });
    expect((await link(team.client, team.id, 'leads', 'admin')).status).toBe(201);

    const alice = person('engineering');
    expect(await alice.organizations()).toEqual([{ id: team.id, role: 'member' }]);
    alice.set(['sales', 'leads', 'engineering', 'unknown-value']);
    expect(await alice.organizations()).toEqual([{ id: team.id, role: 'admin' }]);
    const members = MemberListSchema.parse((await team.client.get(`/api/organizations/${team.id}/members`)).body);
    expect(members.items.find((member) => member.email === alice.email)).toMatchObject({ role: 'admin', granted_by_issuer: idp.issuer });
    expect(members.items.find((member) => member.role === 'owner')).toMatchObject({ granted_by_issuer: null });

    alice.set(['sales']);
    expect(await alice.organizations()).toEqual([]);
    alice.set(undefined);
    expect(await alice.organizations()).toEqual([]);
    alice.set('engineering');
    expect(await alice.organizations()).toEqual([{ id: team.id, role: 'member' }]);
    // Acting in the organisation works on the very request that brought them in.
    const newcomer = person('engineering');
    const client = await newcomer.client();
    expect((await client.get('/api/jobs', { 'x-tenantid': team.id })).status).toBe(200);
  });

  it('never touches a membership from an invitation, and turns a claim membership into an invited one when an invitation is accepted', async () => {
    const team = await teamOwner();
    await link(team.client, team.id, 'ops');
    const bob = person([]);
    const { code } = (await team.client.post(`/api/organizations/${team.id}/invitations`, { role: 'admin' })).body;
    expect((await (await bob.client()).post('/api/invitations/accept', { code })).status).toBe(200);
    bob.set(['ops']);
    expect(await bob.organizations()).toEqual([{ id: team.id, role: 'admin' }]);
    bob.set([]);
    expect(await bob.organizations()).toEqual([{ id: team.id, role: 'admin' }]);
    expect(MemberListSchema.parse((await team.client.get(`/api/organizations/${team.id}/members`)).body).items.find((member) => member.email === bob.email)).toMatchObject({ granted_by_issuer: null });

    // Accepting an invitation turns a claim membership into an invited one, kept from then on.
    const carol = person(['ops']);
    expect(await carol.organizations()).toEqual([{ id: team.id, role: 'member' }]);
    const second = (await team.client.post(`/api/organizations/${team.id}/invitations`, {})).body.code;
    expect((await (await carol.client()).post('/api/invitations/accept', { code: second })).status).toBe(200);
    carol.set([]);
    expect(await carol.organizations()).toEqual([{ id: team.id, role: 'member' }]);
  });

  it('never leaves an organisation without an owner', async () => {
    const founder = await teamOwner();
    await link(founder.client, founder.id, 'founders', 'owner');
    const dave = person(['founders']);
    expect(await dave.organizations()).toEqual([{ id: founder.id, role: 'owner' }]);
    // The founder leaves: dave, an owner through the claim, is the last owner.
    const daveId = MemberListSchema.parse((await founder.client.get(`/api/organizations/${founder.id}/members`)).body).items.find((member) => member.email === dave.email)!.user_id;
    expect((await founder.client.delete(`/api/organizations/${founder.id}/members/${founder.userId}`)).status).toBe(204);
    dave.set([]);
    expect(await dave.organizations()).toEqual([{ id: founder.id, role: 'owner' }]);
    expect(await docket.db.membership.findUnique({ where: { organizationId_userId: { organizationId: founder.id, userId: daveId } } })).toMatchObject({ role: 'owner' });
  });

  it('lets only owners and admins link, only owners link owners, never a personal organisation nor an issuer without the claim', async () => {
    const team = await teamOwner();
    const member = await signUp(docket.url);
    const admin = await signUp(docket.url);
    for (const [who, role] of [[member, 'member'], [admin, 'admin']] as const) {
      const { code } = (await team.client.post(`/api/organizations/${team.id}/invitations`, { role })).body;
      await who.client.post('/api/invitations/accept', { code });
    }
    const refused = await link(member.client, team.id, 'anything');
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
    expect((await member.client.get(`/api/organizations/${team.id}/identity-links`)).status).toBe(403);
    expect((await link(admin.client, team.id, 'admins-may', 'admin')).status).toBe(201);
    expect((await link(admin.client, team.id, 'power', 'owner')).status).toBe(403);

    const personal = (await team.client.get('/api/organizations')).body.items.find((item: { personal: boolean }) => item.personal).id as string;
    expect((await link(team.client, personal, 'x')).status).toBe(409);
    for (const issuer of [other.issuer, 'https://evil.example']) {
      const reply = await link(team.client, team.id, 'x', undefined, issuer);
      expect([reply.status, reply.body.error.code]).toEqual([400, 'validation_failed']);
    }
    expect((await link(team.client, team.id, 'admins-may', 'member')).status).toBe(409);
    for (const body of [{ issuer: idp.issuer, claim_value: '' }, { issuer: idp.issuer, claim_value: 'x'.repeat(201) }, { issuer: idp.issuer, claim_value: 'x', role: 'god' }, { claim_value: 'x' }]) {
      expect((await team.client.post(`/api/organizations/${team.id}/identity-links`, body)).status).toBe(400);
    }
    // A stranger (not a member) cannot link into the organisation, nor see its links.
    const stranger = await signUp(docket.url);
    expect((await link(stranger.client, team.id, 'intrude', 'owner')).status).toBe(403);
    expect((await stranger.client.get(`/api/organizations/${team.id}/identity-links`)).status).toBe(403);
    // A provider token cannot grant itself membership: only a link does.
    const eve = person([team.id, 'Team', 'admins-may-not']);
    expect(await eve.organizations()).toEqual([]);
  });

  it('answers 404 for a link of another organisation, and lists and deletes its own', async () => {
    const first = await teamOwner('First');
    const second = await teamOwner('Second');
    const theirs = IdentityLinkSchema.parse((await link(second.client, second.id, 'shared')).body);
    const ours = IdentityLinkSchema.parse((await link(first.client, first.id, 'shared')).body);
    for (const id of [theirs.id, 'not-a-uuid', randomUUID()]) {
      const reply = await first.client.delete(`/api/organizations/${first.id}/identity-links/${id}`);
      expect([reply.status, reply.body.error.code]).toEqual([404, 'not_found']);
    }
    expect((await docket.db.organizationIdentityLink.count({ where: { id: theirs.id } }))).toBe(1);
    const listed = (await first.client.get(`/api/organizations/${first.id}/identity-links`)).body;
    expect(listed.items.map((item: { id: string }) => item.id)).toEqual([ours.id]);
    // The form offers only the providers with an organisations claim.
    expect(listed.linkable_issuers).toEqual([idp.issuer]);

    // One value linked by two organisations makes a member of both; unlinking leaves the other.
    const erin = person('shared');
    expect((await erin.organizations()).map((item) => item.id).sort()).toEqual([first.id, second.id].sort());
    expect((await first.client.delete(`/api/organizations/${first.id}/identity-links/${ours.id}`)).status).toBe(204);
    expect(await erin.organizations()).toEqual([{ id: second.id, role: 'member' }]);
  });

  it('refuses a token whose claim is neither a string nor an array of strings, and ignores the claim of a provider without organizations_claim', async () => {
    const team = await teamOwner();
    await link(team.client, team.id, 'engineering');
    for (const groups of [{ engineering: true }, [1, 2], 42]) {
      const reply = await apiClient(docket.url, await idp.sign(key, { email: `${randomUUID()}@corp.example.com`, groups })).get('/api/organizations');
      expect([reply.status, reply.body.error.code]).toEqual([401, 'invalid_token']);
      expect(reply.body.error.message).toMatch(/"groups" claim/);
    }
    const plain = await apiClient(docket.url, await other.sign(otherKey, { email: `${randomUUID()}@plain.example.com`, groups: ['engineering'] }), undefined).get('/api/organizations', { realmname: 'plain' });
    expect(plain.body.items.filter((item: { personal: boolean }) => !item.personal)).toEqual([]);
  });

  it('syncs concurrent sign-ins of one person to one membership', async () => {
    const team = await teamOwner();
    await link(team.client, team.id, 'crowd');
    const frank = person(['crowd']);
    const clients = await Promise.all(Array.from({ length: 6 }, () => frank.client()));
    expect((await Promise.all(clients.map((client) => client.get('/api/organizations')))).map((reply) => reply.status)).toEqual(Array(6).fill(200));
    expect(await docket.db.membership.count({ where: { organizationId: team.id } })).toBe(2);
  });
});

describe('a claim follows the rules of member management', () => {
  let small: TestDocket;
  beforeAll(async () => {
    small = await startTestDocket({ RUN_WORKER: 'false', ORG_MAX_MEMBERS: '2', OIDC_ISSUERS: JSON.stringify([{ issuer: idp.issuer, audience: 'docket', realm: 'corp', organizations_claim: 'groups' }]) });
  });
  afterAll(async () => {
    await small?.stop();
  });

  const signIn = async (subject: string, groups: string[]) => apiClient(small.url, await idp.sign(key, { sub: subject, email: `${subject}@corp.example.com`, groups }));
  const sharedOrganizations = async (client: ApiClient) =>
    ((await client.get('/api/organizations')).body.items as Array<{ id: string; personal: boolean; role: string }>).filter((item) => !item.personal).map(({ id, role }) => ({ id, role }));

  it('adds no member to a full organisation (ORG_MAX_MEMBERS), and adds them once there is room', async () => {
    const { client: owner, auth } = await signUp(small.url);
    const id = (await owner.post('/api/organizations', { name: 'Full' })).body.id as string;
    expect((await owner.post(`/api/organizations/${id}/identity-links`, { issuer: idp.issuer, claim_value: 'staff' })).status).toBe(201);

    expect(await sharedOrganizations(await signIn('first-staff', ['staff']))).toEqual([{ id, role: 'member' }]);
    expect(await sharedOrganizations(await signIn('second-staff', ['staff']))).toEqual([]);
    expect(await small.db.membership.count({ where: { organizationId: id } })).toBe(2);

    const first = (await small.db.membership.findMany({ where: { organizationId: id, NOT: { userId: auth.user.id } } }))[0]!;
    expect((await owner.delete(`/api/organizations/${id}/members/${first.userId}`)).status).toBe(204);
    expect(await sharedOrganizations(await signIn('second-staff', ['staff']))).toEqual([{ id, role: 'member' }]);
  });

  it('revokes the invitations of a member the claim demotes below admin or removes', async () => {
    const { client: owner } = await signUp(small.url);
    const id = (await owner.post('/api/organizations', { name: 'Leads' })).body.id as string;
    await owner.post(`/api/organizations/${id}/identity-links`, { issuer: idp.issuer, claim_value: 'leads', role: 'admin' });
    await owner.post(`/api/organizations/${id}/identity-links`, { issuer: idp.issuer, claim_value: 'staff' });

    const lead = await signIn('a-lead', ['leads']);
    const { code } = (await lead.post(`/api/organizations/${id}/invitations`, { role: 'admin' }, { 'x-tenantid': id })).body;
    expect(code).toMatch(/^dki_/);
    expect(await sharedOrganizations(await signIn('a-lead', ['staff']))).toEqual([{ id, role: 'member' }]);
    expect((await owner.get(`/api/organizations/${id}/invitations`)).body.items).toEqual([]);
    const { client: outsider } = await signUp(small.url);
    expect((await outsider.post('/api/invitations/accept', { code })).status).toBe(404);
  });
});
