// `pnpm dev`: Docket's API with reload and the dashboard's Vite dev server, together.
// Ctrl-C (or SIGTERM) stops both and waits for them; if one of them ends, so does the other.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const WEB = path.join(ROOT, 'apps/web');

type Server = { name: string; stop(): void; exited: Promise<number> };

/**
 * Runs `args` with this Node in a process group of its own, so the terminal's Ctrl-C reaches
 * only this script: each server then gets exactly one signal, from `stop`. Docket treats a
 * second signal as "exit now, skip the drain", and its embedded database would not be
 * stopped cleanly.
 */
function startServer(name: string, args: string[], cwd: string): Server {
  const child = spawn(process.execPath, args, { cwd, stdio: 'inherit', detached: process.platform !== 'win32' });
  const exited = new Promise<number>((resolve) => {
    // Killed by a signal: the shell's convention, 128 + its number.
    child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
    child.once('error', (error) => {
      console.error(`${name}: ${error.message}`);
      resolve(1);
    });
  });
  return { name, exited, stop: () => child.exitCode === null && child.kill('SIGTERM') };
}

const viteBin = path.join(path.dirname(createRequire(path.join(WEB, 'package.json')).resolve('vite/package.json')), 'bin/vite.js');

const servers = [
  // node --watch restarts the API when a file it imported changes, with one SIGTERM to the
  // old process (which drains and stops its embedded database) before the next one starts.
  startServer('api', ['--env-file-if-exists=.env', '--watch', '--watch-preserve-output', '--import', 'tsx', 'apps/api/src/main.ts'], ROOT),
  startServer('dashboard', [viteBin], WEB),
];
console.log('\nDashboard with hot reload: http://localhost:5173 (proxies /api to the API on port 3000)\n');

let stopping = false;
let interrupted = false;
const stopAll = () => {
  if (stopping) return;
  stopping = true;
  for (const server of servers) server.stop();
};
const interrupt = () => {
  interrupted = true;
  stopAll();
};
process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);

// The first server to end (a crash, or a signal) takes the other with it.
const first = await Promise.race(servers.map(async (server) => ({ server, code: await server.exited })));
if (!interrupted) console.error(`\n${first.server.name} stopped (exit code ${first.code}); stopping the others`);
stopAll();
const codes = await Promise.all(servers.map((server) => server.exited));
// Asked to stop, a server that ends on the signal (128 + SIGINT or SIGTERM) ends as asked.
const endedAsAsked = (code: number) => code === 0 || code === 128 + constants.signals.SIGINT || code === 128 + constants.signals.SIGTERM;
process.exit(interrupted && codes.every(endedAsAsked) ? 0 : Math.max(1, ...codes));
