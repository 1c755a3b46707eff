import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createResidentMemoryReader } from '../src/read-resident-memory.ts';

const MB = 1024 * 1024;
const openFiles = () => readdirSync('/proc/self/fd').length;

/** A process holding `mb` MB of touched memory, once it says so; with `nested`, a parent whose own child holds them. */
async function startHolder(mb: number, nested = false): Promise<ChildProcess> {
  const hold = `const b = Buffer.alloc(${mb * MB}, 1); console.log('ready'); setInterval(() => b[0]++, 1000);`;
  // The parent stays when its child is killed (the tests kill the child alone).
  const script = nested ? `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(hold)}], { stdio: 'inherit' }); setInterval(() => {}, 1000);` : hold;
  // Leading a process group of its own, so stop() ends the grandchild too.
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  await new Promise((resolve) => child.stdout!.once('data', resolve));
  return child;
}

/** Kills the holder's group and waits until its pipe is closed here too. */
async function stop(child: ChildProcess): Promise<void> {
  const closed = new Promise((resolve) => child.once('close', resolve));
  process.kill(-child.pid!, 'SIGKILL');
  await closed;
}

/** The processes `pid`'s main thread started. */
const childrenOf = (pid: number) => readFileSync(`/proc/${pid}/task/${pid}/children`, 'latin1').trim().split(/\s+/).filter(Boolean).map(Number);

describe.skipIf(process.platform !== 'linux')('resident memory reader', () => {
  it('counts the processes a process started, and stops counting one that exits', async () => {
    const parent = await startHolder(100, true);
    const reader = createResidentMemoryReader(parent.pid!);
    try {
      // The parent: a Node process; its child: another one holding 100 MB.
      const both = reader.read()!;
      expect(both).toBeGreaterThan(100 * MB);
      process.kill(childrenOf(parent.pid!)[0]!, 'SIGKILL');
      await expect.poll(() => both - reader.read()!).toBeGreaterThan(100 * MB);
    } finally {
      reader.close();
      await stop(parent);
    }
  });

  it('keeps the files of the processes it reads open between reads, and closes those of processes gone', async () => {
    const before = openFiles();
    const parent = await startHolder(10, true);
    const started = openFiles(); // with the parent's stdout pipe
    const reader = createResidentMemoryReader(parent.pid!);
    try {
      reader.read();
      reader.read();
      expect(openFiles() - started).toBe(4); // status and children, of the parent and of its child
      process.kill(childrenOf(parent.pid!)[0]!, 'SIGKILL');
      await expect.poll(() => (reader.read(), openFiles() - started)).toBe(2);
    } finally {
      reader.close();
      await stop(parent);
    }
    expect(openFiles()).toBe(before);
  });

  it('answers null for a process that is gone', async () => {
    const child = await startHolder(1);
    const reader = createResidentMemoryReader(child.pid!);
    expect(reader.read()).toBeGreaterThan(MB);
    await stop(child);
    expect(reader.read()).toBeNull();
    reader.close();
  });
});
