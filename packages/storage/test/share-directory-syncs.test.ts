import { expect, it } from 'vitest';
import { shareDirectorySyncs } from '../src/share-directory-syncs.ts';

/** A sync that records when each fsync starts and finishes, finishing when the test says. */
function recordedSync() {
  const events: string[] = [];
  const finishers: (() => void)[] = [];
  const sync = (directory: string) =>
    new Promise<void>((resolve) => {
      events.push(`start ${directory}`);
      finishers.push(() => {
        events.push(`end ${directory}`);
        resolve();
      });
    });
  return { events, sync, finish: () => finishers.shift()!() };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

it('shares one fsync among the writes that arrive while another runs, and resolves none early', async () => {
  const { events, sync, finish } = recordedSync();
  const syncDirectory = shareDirectorySyncs(sync);
  const resolved: string[] = [];
  const first = syncDirectory('d').then(() => resolved.push('first'));
  await tick();
  // These renamed while the first fsync ran: it may not cover them; they share the next.
  const second = syncDirectory('d').then(() => resolved.push('second'));
  const third = syncDirectory('d').then(() => resolved.push('third'));
  const other = syncDirectory('e').then(() => resolved.push('other'));
  await tick();
  expect(events).toEqual(['start d', 'start e']);

  finish(); // d's first
  await first;
  await tick();
  expect(resolved).toEqual(['first']);
  expect(events).toEqual(['start d', 'start e', 'end d', 'start d']);
  finish(); // e
  await other;
  finish(); // d's second, shared
  await Promise.all([second, third]);
  expect(events.filter((event) => event === 'start d')).toHaveLength(2);
  expect(resolved).toEqual(['first', 'other', 'second', 'third']);
});

it('passes a failed fsync to its callers and starts afresh after it', async () => {
  let fail = true;
  const syncDirectory = shareDirectorySyncs(async () => {
    if (fail) throw new Error('EIO');
  });
  await expect(syncDirectory('d')).rejects.toThrow('EIO');
  fail = false;
  await expect(syncDirectory('d')).resolves.toBeUndefined();
});
