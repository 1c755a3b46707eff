import { spawn } from 'node:child_process';

/** The repository root: entries are given relative to it, and children run in it. */
const ROOT = new URL('..', import.meta.url).pathname;

export type NodeProcess = {
  pid: number;
  /** Whether it is still running. */
  running(): boolean;
  /** Resolves with the URL of the first `listening on http://…` line the process prints (Docket's banner says it so). */
  listening(): Promise<string>;
  /** SIGTERM, then waits for the exit (SIGKILL after `graceMs`): a clean exit writes `--cpu-prof` profiles. */
  stop(graceMs?: number): Promise<void>;
};

/**
 * Starts an entry of this repository in a Node process of its own, as `pnpm start`/`pnpm worker`
 * would but without a `.env` file: the benchmark gives the whole environment. A built bundle
 * (`apps/api/dist/main.mjs`) runs with plain node, a TypeScript entry (a benchmark's own
 * server…) through tsx. `nodeArgs` go before the entry (e.g. `--cpu-prof`). Its stdout is read
 * (and dropped after the last few kilobytes, kept for the error when it dies early) so a chatty
 * process never blocks on a full pipe.
 */
export function startNodeProcess(entry: string, env: Record<string, string>, nodeArgs: string[] = []): NodeProcess {
  const loader = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...nodeArgs, ...loader, entry], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let tail = '';
  let onLine: ((url: string) => void) | undefined;
  let url: string | undefined;
  child.stdout!.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-8192);
    url ??= tail.match(/listening on (http:\/\/\S+)/i)?.[1];
    if (url) onLine?.(url);
  });
  return {
    pid: child.pid!,
    running: () => child.exitCode === null && child.signalCode === null,
    listening: () =>
      new Promise((resolve, reject) => {
        if (url) return resolve(url);
        onLine = resolve;
        void exited.then((code) => reject(new Error(`${entry} exited with ${code} before listening:\n${tail}`)));
      }),
    async stop(graceMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
