import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverCallback } from '../src/callbacks/deliver-callback.ts';
import { isPublicAddress, resolveCallbackTarget } from '../src/callbacks/callback-target.ts';
import { CALLBACK_RETRY_DELAY_MAX_SECONDS, callbackRetryLimit } from '@docket/queue/create-boss';
import { openDomainFixture, type DomainFixture } from './support/domain-fixture.ts';

describe('callbackRetryLimit', () => {
  // pg-boss waits base × 2^(n+1) × (½…1) before retry n, capped at the maximum.
  const span = (base: number, retries: number, jitter: 0.5 | 1) =>
    Array.from({ length: retries }, (_, n) => Math.min(CALLBACK_RETRY_DELAY_MAX_SECONDS, base * 2 ** (n + 1) * jitter)).reduce((a, b) => a + b, 0);

  it.each([1, 30, 300])('keeps every retry of a %i s base within 24 h, and spreads them over most of it', (base) => {
    const retries = callbackRetryLimit(base);
    expect(span(base, retries, 1)).toBeLessThanOrEqual(24 * 3600);
    expect(span(base, retries + 1, 1)).toBeGreaterThan(24 * 3600);
    expect(span(base, retries, 0.5)).toBeGreaterThan(20 * 3600);
  });
});

describe('isPublicAddress', () => {
  it.each([
    ['93.184.216.34', true],
    ['2606:4700:4700::1111', true],
    ['8.8.8.8', true],
    ['127.0.0.1', false],
    ['127.255.0.9', false],
    ['10.20.30.40', false],
    ['172.16.0.1', false],
    ['172.32.0.1', true],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fd00:ec2::254', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:7f00:1', false],
    ['::ffff:8.8.8.8', true],
    ['64:ff9b::a9fe:a9fe', false],
    ['::127.0.0.1', false], // IPv4-compatible, deprecated
    ['::ffff:0:7f00:1', false], // IPv4-translated
    ['2002:7f00:1::', false], // 6to4 of 127.0.0.1
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', false], // Teredo
    ['fec0::1', false], // site-local, deprecated
    ['192.0.0.170', false],
    ['255.255.255.255', false],
    ['not-an-ip', false],
    ['127.1', false],
  ])('%s → %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe('delivery-time checks', () => {
  let fixture: DomainFixture;
  beforeAll(async () => {
    fixture = await openDomainFixture();
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it('resolves names and refuses one that points to loopback', async () => {
    await expect(resolveCallbackTarget('https://localhost/hook', false)).rejects.toThrow(/must point to a public address; localhost is (127\.0\.0\.1|::1)/);
    await expect(resolveCallbackTarget('https://localhost/hook', true)).resolves.toMatchObject({ address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) });
    await expect(resolveCallbackTarget('https://no-such-host.invalid/hook', false)).rejects.toThrow(/does not resolve/);
  });

  it('refuses IPv6 literals that carry a private IPv4 address, and ports other than 443 and 80', async () => {
    for (const url of ['https://[::127.0.0.1]/hook', 'https://[::ffff:0:7f00:1]/hook', 'https://[2002:a9fe:a9fe::1]/hook', 'https://[fec0::1]/hook']) {
      await expect(resolveCallbackTarget(url, false), url).rejects.toThrow(/must point to a public address/);
    }
    await expect(resolveCallbackTarget('https://93.184.216.34:6379/hook', false)).rejects.toThrow(/port 443 or 80, not 6379/);
    await expect(resolveCallbackTarget('https://93.184.216.34:443/hook', false)).resolves.toMatchObject({ address: '93.184.216.34' });
    await expect(resolveCallbackTarget('https://93.184.216.34:80/hook', false)).resolves.toMatchObject({ address: '93.184.216.34' });
    await expect(resolveCallbackTarget('http://127.0.0.1:6379/hook', true)).resolves.toMatchObject({ address: '127.0.0.1' });
  });

  it('re-checks the address at every attempt and records a refusal without sending anything', async () => {
    const userId = await fixture.createUser();
    const { job } = await fixture.submit(userId, 1);
    // Accepted when it resolved publicly; the name points to loopback by delivery time.
    await fixture.db.job.update({ where: { id: job.id }, data: { status: 'completed', callbackUrl: 'https://localhost:9/hook' } });
    const result = await deliverCallback(fixture.deps, { allowPrivate: false, timeoutMs: 1_000 }, { job_id: job.id, message_id: 'msg_test' });
    expect(result).toMatchObject({ kind: 'failed', error: expect.stringContaining('must point to a public address') });
    const [attempt] = await fixture.db.callbackDelivery.findMany({ where: { jobId: job.id } });
    expect(attempt).toMatchObject({ attempt: 1, statusCode: null, messageId: 'msg_test' });
  });

  it('gives up on a receiver that never answers, and keeps only an excerpt of a long answer', async () => {
    const silent = http.createServer(() => undefined); // accepts, reads, never answers
    const chatty = http.createServer((_req, res) => res.writeHead(500).end('x'.repeat(10_000)));
    const port = async (server: http.Server) => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return (server.address() as AddressInfo).port;
    };
    const [silentPort, chattyPort] = [await port(silent), await port(chatty)];
    const userId = await fixture.createUser();
    const deliver = async (url: string) => {
      const { job } = await fixture.submit(userId, 1);
      await fixture.db.job.update({ where: { id: job.id }, data: { status: 'completed', callbackUrl: url } });
      const result = await deliverCallback(fixture.deps, { allowPrivate: true, timeoutMs: 300 }, { job_id: job.id, message_id: `msg_${job.id}` });
      return { result, attempt: await fixture.db.callbackDelivery.findFirstOrThrow({ where: { jobId: job.id } }) };
    };

    const timedOut = await deliver(`http://127.0.0.1:${silentPort}/hook`);
    expect(timedOut.result).toEqual({ kind: 'failed', error: 'no answer within 0.3 s' });
    expect(timedOut.attempt).toMatchObject({ statusCode: null, error: 'no answer within 0.3 s' });
    expect(timedOut.attempt.durationMs).toBeGreaterThanOrEqual(290);

    const long = await deliver(`http://127.0.0.1:${chattyPort}/hook`);
    expect(long.attempt).toMatchObject({ statusCode: 500, error: 'receiver answered 500' });
    expect(long.attempt.responseExcerpt).toBe('x'.repeat(512));
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
    await new Promise((resolve) => chatty.close(resolve));
  });

  it('numbers concurrent deliveries of one event 1, 2, 3…, each once (a redelivery racing a retry)', async () => {
    const receiver = http.createServer((_req, res) => res.writeHead(204).end());
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const userId = await fixture.createUser();
    const { job } = await fixture.submit(userId, 1);
    await fixture.db.job.update({ where: { id: job.id }, data: { status: 'completed', callbackUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` } });
    const results = await Promise.all(
      Array.from({ length: 6 }, () => deliverCallback(fixture.deps, { allowPrivate: true, timeoutMs: 5_000 }, { job_id: job.id, message_id: 'msg_race' })),
    );
    expect(results.every((result) => result.kind === 'delivered')).toBe(true);
    const attempts = await fixture.db.callbackDelivery.findMany({ where: { jobId: job.id }, select: { attempt: true }, orderBy: { attempt: 'asc' } });
    expect(attempts.map((row) => row.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('skips a job that is no longer terminal (retried since): its next outcome sends its own callback', async () => {
    const userId = await fixture.createUser();
    const { job } = await fixture.submit(userId, 1);
    await fixture.db.job.update({ where: { id: job.id }, data: { callbackUrl: 'https://localhost:9/hook' } });
    expect(await deliverCallback(fixture.deps, { allowPrivate: true, timeoutMs: 1_000 }, { job_id: job.id, message_id: 'msg_x' })).toMatchObject({ kind: 'skipped' });
    expect(await fixture.db.callbackDelivery.count({ where: { jobId: job.id } })).toBe(0);
  });
});
