import { describe, expect, it } from 'vitest';
import { createQuotaRoom } from '../src/storage-quota.ts';

describe('createQuotaRoom', () => {
  let now = 0;
  const clock = () => new Date(now);

  it('knows the room read, less the bytes accepted since, for ttlMs only', () => {
    const room = createQuotaRoom(clock, { ttlMs: 1000 });
    expect(room.left('org')).toBe(0);
    room.remember('org', 500);
    room.spend('org', 200);
    expect(room.left('org')).toBe(300);
    room.spend('org', 400);
    expect(room.left('org')).toBe(-100);
    now += 1000;
    expect(room.left('org')).toBe(0);
    room.spend('org', 1); // nothing known: nothing to subtract from
    expect(room.left('org')).toBe(0);
  });

  it('holds at most maxEntries organisations, forgetting the one remembered longest ago', () => {
    const room = createQuotaRoom(clock, { maxEntries: 2 });
    room.remember('a', 1);
    room.remember('b', 2);
    room.remember('a', 3);
    room.remember('c', 4);
    expect([room.left('a'), room.left('b'), room.left('c')]).toEqual([3, 0, 4]);
  });
});
