import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBodySchema } from '@docket/contracts/common';
import { apiClient, type ApiClient, type Reply } from '../support/api-client.ts';
import { expectRateLimited } from '../support/expect-rate-limited.ts';
import { startTestDocket, type TestDocket } from '../support/test-docket.ts';

// Organisations as an attacker sees them: a free account that creates organisations, invites
// and guesses invitation codes as fast as it can, and members who race each other. Two
// Dockets: one with small caps and no reachable rate limit, one with small rate limits.
const CAPS = { ORG_MAX_OWNED: '3', ORG_MAX_MEMBERS: '3', ORG_MAX_PENDING_INVITATIONS: '4' };
const LIMITS = {
  RATE_LIMIT_ORGANIZATION_CREATION: '2/1h',
  RATE_LIMIT_INVITATION_CREATION: '2/1h',
  RATE_LIMIT_ORGANIZATIONS_IP: '4/1h',
  RATE_LIMIT_INVITATION_CODES_IP: '5/10m',
  RATE_LIMIT_INVITATION_CODES_ACCOUNT: '3/10m',
};

let capped: TestDocket;
let limited: TestDocket;
beforeAll(async () => {
  [capped, limited] = await Promise.all([startTestDocket({ RUN_WORKER: 'false', ...CAPS }), startTestDocket({ RUN_WORKER: 'false', ...LIMITS })]);
});
afterAll(async () => {
  await Promise.all([capped?.stop(), limited?.stop()]);
});

// The test process talks from 127.0.0.1, a trusted proxy: X-Forwarded-For gives each test its own client address.
let lastAddress = 0;
const newAddress = () => `203.0.113.${++lastAddress}`;

type Account = { id: string; client: ApiClient; token: string };

async function signUp(docket: TestDocket, address = newAddress()): Promise<Account> {
  const reply = await apiClient(docket.url).post('/api/auth/register', { email: `user-${randomUUID()}@example.com`, password: 'correct horse battery staple' }, { 'x-forwarded-for': address });
  expect(reply.status).toBe(201);
  return { id: reply.body.user.id, client: apiClient(docket.url, reply.body.access_token), token: reply.body.access_token };
}

/** `client` from the client address `address`. */
const from = (account: Account, address: string) => ({
  post: (path: string, json?: unknown) => account.client.post(path, json, { 'x-forwarded-for': address }),
});
/** `account` from a client address of its own, so only its per-account budgets count. */
const elsewhere = (account: Account) => from(account, newAddress());

const createOrganization = (account: Account) => account.client.post('/api/organizations', { name: `Team ${randomUUID().slice(0, 6)}` });
const invite = (account: Account, organizationId: string, role: 'admin' | 'member' = 'member') => account.client.post(`/api/organizations/${organizationId}/invitations`, { role });
const accept = (account: Account, code: string) => account.client.post('/api/invitations/accept', { code });

async function organizationWith(docket: TestDocket, owner: Account, others: Array<[Account, 'admin' | 'member']>): Promise<string> {
  const created = await createOrganization(owner);
  expect(created.status).toBe(201);
  for (const [other, role] of others) expect((await accept(other, (await invite(owner, created.body.id, role)).body.code)).status).toBe(200);
  return created.body.id;
}

/** A 409 at an ORG_MAX_* cap: the message names the limit and its value, `details` too. */
function expectAtCap(reply: Reply, limit: string, max: number, words: RegExp) {
  expect(reply.status).toBe(409);
  const { error } = ErrorBodySchema.parse(reply.body);
  expect(error.code).toBe('conflict');
  expect(error.details).toEqual({ limit, max });
  expect(error.message).toMatch(words);
  expect(error.message).toContain(`at most ${max} `);
}

const statuses = (replies: Reply[]) => replies.map((reply) => reply.status).sort();

describe('caps, under parallel requests', () => {
  it('lets an account own at most ORG_MAX_OWNED shared organisations, however many it asks for at once', async () => {
    const attacker = await signUp(capped);
    const replies = await Promise.all(Array.from({ length: 12 }, () => createOrganization(attacker)));
    expect(statuses(replies)).toEqual([...Array(3).fill(201), ...Array(9).fill(409)]);
    expectAtCap(replies.find((reply) => reply.status === 409)!, 'ownedPerAccount', 3, /shared organisations/);
    const owned = (await attacker.client.get('/api/organizations')).body.items.filter((org: { personal: boolean }) => !org.personal);
    expect(owned).toHaveLength(3);

    // Deleting one makes room for one; the personal organisation never counted.
    expect((await attacker.client.delete(`/api/organizations/${owned[0].id}`)).status).toBe(204);
    expect(statuses(await Promise.all([createOrganization(attacker), createOrganization(attacker)]))).toEqual([201, 409]);
  });

  it('keeps at most ORG_MAX_PENDING_INVITATIONS pending invitations per organisation', async () => {
    const owner = await signUp(capped);
    const id = (await createOrganization(owner)).body.id;
    const replies = await Promise.all(Array.from({ length: 12 }, () => invite(owner, id)));
    expect(statuses(replies)).toEqual([...Array(4).fill(201), ...Array(8).fill(409)]);
    expectAtCap(replies.find((reply) => reply.status === 409)!, 'pendingInvitationsPerOrganization', 4, /pending invitations/);
    expect((await owner.client.get(`/api/organizations/${id}/invitations`)).body.items).toHaveLength(4);

    // Revoked, accepted and expired invitations are not pending.
    const [first, second, third] = replies.filter((reply) => reply.status === 201).map((reply) => reply.body);
    expect((await owner.client.delete(`/api/organizations/${id}/invitations/${first.id}`)).status).toBe(204);
    expect((await accept(await signUp(capped), second.code)).status).toBe(200);
    await capped.db.$executeRaw`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = ${third.id}::uuid`;
    expect(statuses(await Promise.all(Array.from({ length: 5 }, () => invite(owner, id))))).toEqual([201, 201, 201, 409, 409]);
  });

  it('lets at most ORG_MAX_MEMBERS into an organisation, however many accept at once', async () => {
    const owner = await signUp(capped);
    const id = (await createOrganization(owner)).body.id;
    const codes = await Promise.all(Array.from({ length: 4 }, async () => (await invite(owner, id)).body.code as string));
    const joiners = await Promise.all(codes.map(() => signUp(capped)));
    const replies = await Promise.all(joiners.map((joiner, i) => accept(joiner, codes[i]!)));
    expect(statuses(replies)).toEqual([200, 200, 409, 409]);
    expectAtCap(replies.find((reply) => reply.status === 409)!, 'membersPerOrganization', 3, /members/);
    expect((await owner.client.get(`/api/organizations/${id}/members`)).body.items).toHaveLength(3);
    // A refused acceptance leaves its code unspent: it works once someone leaves.
    const refused = replies.findIndex((reply) => reply.status === 409);
    const joined = joiners[replies.findIndex((reply) => reply.status === 200)]!;
    expect((await joined.client.delete(`/api/organizations/${id}/members/${joined.id}`)).status).toBe(204);
    expect((await accept(joiners[refused]!, codes[refused]!)).status).toBe(200);
  });
});

describe('rate limits', () => {
  it('limits organisations created per account, from any number of addresses', async () => {
    const attacker = await signUp(limited);
    for (let i = 0; i < 2; i++) expect((await elsewhere(attacker).post('/api/organizations', { name: `Org ${i}` })).status).toBe(201);
    expectRateLimited(await elsewhere(attacker).post('/api/organizations', { name: 'Org 3' }), 'organization-creation', 2, 3600);
  });

  it('limits organisations and invitations created per client address, whoever signs in', async () => {
    const address = newAddress();
    const replies: Reply[] = [];
    for (let i = 0; i < 5; i++) replies.push(await from(await signUp(limited), address).post('/api/organizations', { name: `Org ${i}` }));
    expect(statuses(replies.slice(0, 4))).toEqual([201, 201, 201, 201]);
    expectRateLimited(replies[4]!, 'organizations-ip', 4, 3600);
    const owner = await signUp(limited);
    const id = (await elsewhere(owner).post('/api/organizations', { name: 'Acme' })).body.id;
    expectRateLimited(await from(owner, address).post(`/api/organizations/${id}/invitations`, {}), 'organizations-ip', 4, 3600);
  });

  it('limits invitations created per account', async () => {
    const owner = await signUp(limited);
    const id = (await elsewhere(owner).post('/api/organizations', { name: 'Acme' })).body.id;
    for (let i = 0; i < 2; i++) expect((await elsewhere(owner).post(`/api/organizations/${id}/invitations`, {})).status).toBe(201);
    expectRateLimited(await elsewhere(owner).post(`/api/organizations/${id}/invitations`, {}), 'invitation-creation', 2, 3600);
  });

  it('limits invitation codes tried per client address, so a crowd of accounts cannot guess codes', async () => {
    const address = newAddress();
    const replies: Reply[] = [];
    for (let i = 0; i < 6; i++) replies.push(await from(await signUp(limited), address).post('/api/invitations/accept', { code: `dki_guess_${i}` }));
    expect(statuses(replies.slice(0, 5))).toEqual([404, 404, 404, 404, 404]);
    expectRateLimited(replies[5]!, 'invitation-codes-ip', 5, 600);
  });

  it('limits invitation codes tried per account, from any number of addresses; a real code counts too', async () => {
    const guesser = await signUp(limited);
    for (let i = 0; i < 3; i++) expect((await elsewhere(guesser).post('/api/invitations/accept', { code: `dki_guess_${i}` })).status).toBe(404);
    const owner = await signUp(limited);
    const id = (await elsewhere(owner).post('/api/organizations', { name: 'Acme' })).body.id;
    const { code } = (await elsewhere(owner).post(`/api/organizations/${id}/invitations`, {})).body;
    expectRateLimited(await elsewhere(guesser).post('/api/invitations/accept', { code }), 'invitation-codes-account', 3, 600);
  });

  it('counts every refusal in /metrics, by limiter', async () => {
    const refusals = async () => Number((await apiClient(limited.url).get('/metrics')).text.match(/docket_rate_limited_total\{limiter="invitation-codes-account"\} (\d+)/)?.[1] ?? 0);
    const before = await refusals();
    const guesser = await signUp(limited);
    const replies: Reply[] = [];
    for (let i = 0; i < 5; i++) replies.push(await elsewhere(guesser).post('/api/invitations/accept', { code: `dki_guess_${i}` }));
    expect(replies.map((reply) => reply.status)).toEqual([404, 404, 404, 429, 429]);
    expect(await refusals()).toBe(before + 2);
  });
});

describe('invitation codes that cannot be used', () => {
  it('answers unknown, revoked and spent codes alike, and says only of an expired one that it expired', async () => {
    const owner = await signUp(capped);
    const id = (await createOrganization(owner)).body.id;
    const [revoked, spent, expired] = await Promise.all([invite(owner, id), invite(owner, id), invite(owner, id)]).then((replies) => replies.map((reply) => reply.body));
    expect((await owner.client.delete(`/api/organizations/${id}/invitations/${revoked.id}`)).status).toBe(204);
    expect((await accept(await signUp(capped), spent.code)).status).toBe(200);
    await capped.db.$executeRaw`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = ${expired.id}::uuid`;

    const outsider = await signUp(capped);
    const answers = await Promise.all(['dki_made-up', revoked.code, spent.code].map((code) => accept(outsider, code)));
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(Object.keys(answer.body.error)).toEqual(['code', 'message']);
    }
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body.error))).size).toBe(1);

    const late = await accept(outsider, expired.code);
    expect(late.status).toBe(404);
    expect(late.body.error).toMatchObject({ code: 'not_found', details: { reason: 'expired' } });
    expect((await owner.client.get(`/api/organizations/${id}/members`)).body.items).toHaveLength(2);
  });
});

describe('members racing each other', () => {
  it('never lets two owners remove each other at once: one of them stays', async () => {
    for (let round = 0; round < 5; round++) {
      const [a, b, c] = await Promise.all([signUp(capped), signUp(capped), signUp(capped)]);
      const id = await organizationWith(capped, a, [[b, 'member'], [c, 'member']]);
      for (const who of [b, c]) expect((await a.client.patch(`/api/organizations/${id}/members/${who.id}`, { role: 'owner' })).status).toBe(200);
      const [aRemovesB, bRemovesA] = await Promise.all([a.client.delete(`/api/organizations/${id}/members/${b.id}`), b.client.delete(`/api/organizations/${id}/members/${a.id}`)]);
      // The first to commit wins; the other is no longer a member (403) or its target is gone.
      expect([aRemovesB.status, bRemovesA.status].filter((status) => status === 204)).toHaveLength(1);
      const owners = (await c.client.get(`/api/organizations/${id}/members`)).body.items.filter((m: { role: string }) => m.role === 'owner');
      expect(owners).toHaveLength(2);
    }
  });

  it('keeps an owner when every owner leaves at once', async () => {
    const [a, b, c] = await Promise.all([signUp(capped), signUp(capped), signUp(capped)]);
    const id = await organizationWith(capped, a, [[b, 'member'], [c, 'member']]);
    for (const who of [b, c]) expect((await a.client.patch(`/api/organizations/${id}/members/${who.id}`, { role: 'owner' })).status).toBe(200);
    const replies = await Promise.all([a, b, c].map((who) => who.client.delete(`/api/organizations/${id}/members/${who.id}`)));
    expect(statuses(replies)).toEqual([204, 204, 409]);
    const members = (await replies.map((reply, i) => [reply, [a, b, c][i]!] as const).find(([reply]) => reply.status === 409)![1].client.get(`/api/organizations/${id}/members`)).body.items;
    expect(members).toEqual([expect.objectContaining({ role: 'owner' })]);
  });
});

describe('invitations of members who lost the right to invite', () => {
  it('stop working when their maker is removed, leaves or is demoted to member', async () => {
    const owner = await signUp(capped);
    for (const exit of ['removed', 'left', 'demoted'] as const) {
      const [admin, alt] = await Promise.all([signUp(capped), signUp(capped)]);
      const id = await organizationWith(capped, owner, [[admin, 'admin']]);
      // Stocked up before the owners act: admin invitations for another account.
      const { code } = (await invite(admin, id, 'admin')).body;
      const ownInvitation = (await invite(owner, id)).body;
      if (exit === 'removed') expect((await owner.client.delete(`/api/organizations/${id}/members/${admin.id}`)).status).toBe(204);
      if (exit === 'left') expect((await admin.client.delete(`/api/organizations/${id}/members/${admin.id}`)).status).toBe(204);
      if (exit === 'demoted') expect((await owner.client.patch(`/api/organizations/${id}/members/${admin.id}`, { role: 'member' })).status).toBe(200);
      const comeback = await accept(alt, code);
      expect(comeback.status).toBe(404);
      expect(comeback.body.error).toEqual((await accept(alt, 'dki_made-up')).body.error);
      // The owners' own invitations are untouched.
      expect((await owner.client.get(`/api/organizations/${id}/invitations`)).body.items.map((item: { id: string }) => item.id)).toEqual([ownInvitation.id]);
    }
  });
});

describe('names', () => {
  it('refuses a huge name and one made only of invisible characters; strips direction overrides', async () => {
    const owner = await signUp(capped);
    const huge = await owner.client.post('/api/organizations', { name: 'A'.repeat(200_000) });
    expect(huge.status).toBe(400);
    expect(huge.text.length).toBeLessThan(2_000);
    expect((await owner.client.post('/api/organizations', { name: '\u202e\u200b\u2066\ufeff' })).status).toBe(400);
    const spoof = await owner.client.post('/api/organizations', { name: 'Acme\u202egnp.exe' });
    expect(spoof.status).toBe(201);
    expect(spoof.body.name).toBe('Acmegnp.exe');
    expect((await owner.client.patch(`/api/organizations/${spoof.body.id}`, { name: ' \u200d ' })).status).toBe(400);
  });

  it('stores a name in NFC: the composed and the decomposed spelling are one name', async () => {
    const owner = await signUp(capped);
    const decomposed = await owner.client.post('/api/organizations', { name: 'Cafe\u0301 Zoe\u0308' });
    expect(decomposed.status).toBe(201);
    expect(decomposed.body.name).toBe('Caf\u00e9 Zo\u00eb');
    const stored = await capped.db.organization.findUniqueOrThrow({ where: { id: decomposed.body.id }, select: { name: true } });
    expect(stored.name).toBe('Caf\u00e9 Zo\u00eb');
    const renamed = await owner.client.patch(`/api/organizations/${decomposed.body.id}`, { name: 'Cafe\u0301' });
    expect(renamed.body.name).toBe('Caf\u00e9');
  });
});
