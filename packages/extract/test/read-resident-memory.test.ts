import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createResidentMemoryReader } from '../src/read-resident-memory.ts';

const MB = 1024 * 1024;
const openFiles = () => readdirSync('/proc/self/fd').length;

/** A child of this process holding `mb` MB of touched memory (a grandchild of it too, with `nested`), once it says so. */
async function startHolder(mb: number, nested = false): Promise<ChildProcess> {
  const hold = `const b = Buffer.alloc(${mb * MB}, 1); console.log('ready'); setInterval(() => b[0]++, 1000);`;
  const script = nested ? `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(hold)}], { stdio: 'inherit' });` : hold;
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

describe.skipIf(process.platform !== 'linux')('resident memory reader', () => {
  it('counts the processes a process started, down to grandchildren, and stops counting those that exit', async () => {
    const reader = createResidentMemoryReader(process.pid);
    try {
      const alone = reader.read()!;
      const child = await startHolder(100);
      const grandparent = await startHolder(100, true);
      const withChildren = reader.read()!;
      // Each holder: its 100 MB plus a Node process; the nested one is two Node processes.
      expect(withChildren - alone).toBeGreaterThan(200 * MB);
      await stop(child);
      const afterOne = reader.read()!;
      expect(withChildren - afterOne).toBeGreaterThan(100 * MB);
      expect(afterOne - alone).toBeGreaterThan(100 * MB);
      await stop(grandparent);
      expect(reader.read()! - alone).toBeLessThan(50 * MB);
    } finally {
      reader.close();
    }
  });

  it('keeps the files of the processes it reads open between reads, and closes those of processes gone', async () => {
    const before = openFiles();
    const reader = createResidentMemoryReader(process.pid);
    try {
      reader.read();
      const ownFiles = openFiles() - before;
      expect(ownFiles).toBe(2);
      const child = await startHolder(10);
      const withChild = openFiles(); // its pipe
      reader.read();
      reader.read();
      expect(openFiles() - withChild).toBe(2);
      await stop(child);
      reader.read();
      expect(openFiles() - before).toBe(ownFiles);
    } finally {
      reader.close();
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
