import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger.ts';
import { isProcessAlive } from '../process-alive.ts';
import type { PostgresBinaries } from './postgres-binaries.ts';
import type { ServerAccount } from './server-account.ts';

/** How clients reach the server: a Unix socket in pgdata, or loopback TCP where there is none. */
export type Transport = { kind: 'socket'; directory: string } | { kind: 'tcp'; port: number };

export type Postmaster = { pid: number; stop(): Promise<void> };

const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 60_000;

/**
 * Starts `postgres` on `pgdata` as a child process and resolves once it accepts connections
 * (postmaster.pid says `ready`, whatever the locale of its messages). The server runs in its
 * own process group, so the Ctrl-C that reaches Docket does not reach it: Docket drains its
 * work first and stops the server last. Nothing but the chosen transport listens. If Docket
 * exits without stopping it (a crash), the exit hook asks it for a fast shutdown; after a
 * SIGKILL the next start finds it as an orphan (stopOrphanedPostmaster).
 */
export async function startPostmaster(options: { binaries: PostgresBinaries; pgdata: string; transport: Transport; account?: ServerAccount; logger: Logger }): Promise<Postmaster> {
  const { pgdata, transport } = options;
  const listen =
    transport.kind === 'socket'
      ? ['-c', 'listen_addresses=', '-c', `unix_socket_directories=${transport.directory}`, '-c', 'unix_socket_permissions=0700', '-p', '5432']
      : ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-p', String(transport.port)];
  const child = spawn(options.binaries.postgres, ['-D', pgdata, ...listen, '-c', 'lc_messages=C'], {
    ...options.account,
    detached: process.platform !== 'win32',
    windowsHide: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const log = recentLines(child, options.logger);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const crashHook = () => void child.kill('SIGINT');
  process.once('exit', crashHook);

  const stop = async () => {
    process.removeListener('exit', crashHook);
    if (child.exitCode !== null || child.signalCode !== null) return;
    await requestShutdown(child, options.binaries, pgdata);
    if (await Promise.race([exited.then(() => true), sleep(STOP_TIMEOUT_MS, false, { ref: false })])) return;
    child.kill('SIGQUIT'); // immediate shutdown; crash recovery on the next start
    await exited;
  };

  try {
    await waitUntilReady(pgdata, child, log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { pid: child.pid!, stop };
}

/** SIGINT is PostgreSQL's "fast" shutdown: open sessions end, a checkpoint is written. */
async function requestShutdown(child: ChildProcess, binaries: PostgresBinaries, pgdata: string): Promise<void> {
  if (process.platform === 'win32') {
    await new Promise((resolve) => spawn(binaries.pgCtl, ['stop', '-D', pgdata, '-m', 'fast'], { windowsHide: true, stdio: 'ignore' }).once('exit', resolve));
  } else {
    child.kill('SIGINT');
  }
}

async function waitUntilReady(pgdata: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the embedded PostgreSQL server stopped while starting:\n${log()}`);
    }
    const status = await readPostmasterPid(pgdata);
    if (status && status.pid === child.pid && status.state === 'ready') return;
    if (Date.now() > deadline) throw new Error(`the embedded PostgreSQL server did not become ready in ${READY_TIMEOUT_MS / 1000} s:\n${log()}`);
    await sleep(20);
  }
}

/**
 * After a SIGKILL of Docket its server keeps running, holding pgdata. The DATA_DIR lock says
 * no Docket owns it any more, so the server named in postmaster.pid is asked for a fast
 * shutdown (then an immediate one) before a new one starts; PostgreSQL's own recovery makes
 * the restart lose nothing committed.
 * @returns the pid stopped, if there was one.
 */
export async function stopOrphanedPostmaster(pgdata: string, logger: Logger): Promise<number | undefined> {
  const status = await readPostmasterPid(pgdata);
  if (!status || !isPostgres(status.pid)) return undefined;
  logger.warn({ pid: status.pid, pgdata }, 'stopping the embedded PostgreSQL server left running by a Docket that did not shut down');
  for (const [signal, waitMs] of [['SIGINT', STOP_TIMEOUT_MS], ['SIGQUIT', 10_000]] as const) {
    try {
      process.kill(status.pid, signal);
    } catch {
      return status.pid; // already gone
    }
    for (const deadline = Date.now() + waitMs; Date.now() < deadline; await sleep(50)) {
      if (!isProcessAlive(status.pid)) return status.pid;
    }
  }
  throw new Error(`the PostgreSQL server left running on ${pgdata} (pid ${status.pid}) does not stop; stop it, then start Docket again`);
}

/**
 * The server that runs on `pgdata` now (alive and ready), and how to reach it — for tools
 * that work beside a running Docket.
 */
export async function runningPostmaster(pgdata: string): Promise<{ pid: number; transport: Transport } | undefined> {
  const status = await readPostmasterPid(pgdata);
  if (!status || status.state !== 'ready' || !isPostgres(status.pid)) return undefined;
  return { pid: status.pid, transport: status.socketDirectory ? { kind: 'socket', directory: status.socketDirectory } : { kind: 'tcp', port: status.port } };
}

/** postmaster.pid: line 1 the pid, 4 the port, 5 the socket directory, 8 the state (`starting`, `ready`, `stopping`). */
async function readPostmasterPid(pgdata: string): Promise<{ pid: number; port: number; socketDirectory: string; state: string } | undefined> {
  try {
    const lines = (await readFile(path.join(pgdata, 'postmaster.pid'), 'utf8')).split('\n').map((line) => line.trim());
    const pid = Number(lines[0]);
    return Number.isInteger(pid) && pid > 0 ? { pid, port: Number(lines[3]), socketDirectory: lines[4] ?? '', state: lines[7] ?? '' } : undefined;
  } catch {
    return undefined;
  }
}

/** A live process that is a PostgreSQL server (on Linux checked by name, so a reused pid is left alone). */
function isPostgres(pid: number): boolean {
  if (!isProcessAlive(pid)) return false;
  if (process.platform !== 'linux') return true;
  try {
    return /postgres/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return false;
  }
}

/** The server's last lines of output, for the error when it fails to start; fatal lines are logged. */
function recentLines(child: ChildProcess, logger: Logger): () => string {
  const lines: string[] = [];
  let partial = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      if (/\b(FATAL|PANIC):/.test(line)) logger.warn({ line }, 'embedded PostgreSQL');
      lines.push(line);
      if (lines.length > 30) lines.shift();
    }
  });
  return () => [...lines, partial].filter(Boolean).join('\n');
}
