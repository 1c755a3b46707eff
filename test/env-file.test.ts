import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadApiConfig } from '../apps/api/src/config.ts';
import { loadCliConfig, loadDocketApi } from '../apps/cli/src/config.ts';
import { loadWorkerConfig } from '../apps/worker/src/config.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const scripts: Record<string, string> = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')).scripts;

/** A database that refuses every connection: without the setting under test, start-up fails fast at connecting. */
const UNREACHABLE_DATABASE = 'postgresql://127.0.0.1:1/docket';

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/**
 * Runs the `node …` command of a root package.json script (the last command of it, after any
 * build step) the way pnpm does, from a fresh folder that looks like the repository — its
 * code linked in — holding `dotenv` as its `.env`, with nothing but `env` in the
 * environment.
 */
async function runScript(name: string, args: string[], dotenv: string | undefined, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const [command, ...nodeArgs] = scripts[name]!.split('&&').at(-1)!.trim().split(/\s+/);
  expect(command).toBe('node');
  const folder = await mkdtemp(path.join(os.tmpdir(), 'docket-env-file-'));
  folders.push(folder);
  for (const linked of ['apps', 'packages', 'node_modules']) await symlink(path.join(ROOT, linked), path.join(folder, linked));
  if (dotenv !== undefined) await writeFile(path.join(folder, '.env'), dotenv);
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    cwd: folder,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: path.join(folder, 'data'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

describe('.env in the working directory', () => {
  it('reaches the API configuration of `pnpm start`', async () => {
    const { code, output } = await runScript('start', [], 'LOG_LEVEL=from-dotenv\n', { DATABASE_URL: UNREACHABLE_DATABASE, JWT_SECRET: 'a-secret-that-is-at-least-32-characters-long' });
    expect(output).toMatch(/invalid configuration:\n {2}- LOG_LEVEL: /);
    expect(code).toBe(2);
  });

  it('reaches the worker configuration of `pnpm worker`', async () => {
    const { code, output } = await runScript('worker', [], 'LOG_LEVEL=from-dotenv\n', { DATABASE_URL: UNREACHABLE_DATABASE });
    expect(output).toMatch(/invalid configuration:\n {2}- LOG_LEVEL: /);
    expect(code).toBe(2);
  });

  it('reaches the CLI of `pnpm docket`, and a variable of the environment wins over the file', async () => {
    const dotenv = '# the CLI reads these for its HTTP commands\nDOCKET_URL=ftp://from-dotenv.example\nDOCKET_TOKEN=dkt_from_dotenv\n';
    const fromFile = await runScript('docket', ['submit', 'report.pdf'], dotenv);
    expect(fromFile.output).toContain('DOCKET_URL must start with http:// or https:// (got ftp://from-dotenv.example)');
    expect(fromFile.code).toBe(2);

    const fromEnvironment = await runScript('docket', ['submit', 'report.pdf'], dotenv, { DOCKET_URL: 'ftp://from-environment.example' });
    expect(fromEnvironment.output).toContain('(got ftp://from-environment.example)');

    const withoutFile = await runScript('docket', ['submit', 'report.pdf'], undefined);
    expect(withoutFile.output).toContain('set DOCKET_URL');
  });
});

/** Each app's configuration loader, with the least environment under which it succeeds. */
const LOADERS: Array<{ app: string; load: (env: NodeJS.ProcessEnv) => unknown; base: Record<string, string> }> = [
  { app: 'api', load: loadApiConfig, base: {} },
  { app: 'worker', load: loadWorkerConfig, base: { DATABASE_URL: UNREACHABLE_DATABASE } },
  { app: 'cli', load: loadCliConfig, base: {} },
  { app: 'cli (HTTP commands)', load: loadDocketApi, base: { DOCKET_URL: 'http://localhost:3000', DOCKET_TOKEN: 'dkt_example' } },
];

/** The environment variables a loader reads, found by handing it an environment that notes every read. */
function settingsRead(load: (env: NodeJS.ProcessEnv) => unknown, env: Record<string, string>): Set<string> {
  const read = new Set<string>();
  const watched = new Proxy(env, {
    get(target, key) {
      if (typeof key === 'string' && /^[A-Z][A-Z0-9_]*$/.test(key)) read.add(key);
      return Reflect.get(target, key);
    },
  });
  load(watched);
  return read;
}

describe('.env.example', async () => {
  const lines = (await readFile(path.join(ROOT, '.env.example'), 'utf8')).split('\n');
  const examples = new Map(
    lines.flatMap((line) => {
      const match = /^# ([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
      return match ? [[match[1]!, match[2]!] as const] : [];
    }),
  );

  it('names every setting the apps read, and nothing else', () => {
    const read = new Set(LOADERS.flatMap(({ load, base }) => [...settingsRead(load, base)]));
    expect(read.size).toBeGreaterThan(30);
    expect([...examples.keys()].sort()).toEqual([...read].sort());
  });

  it('shows each setting with its default value, or empty where unset is the default', () => {
    for (const [name, value] of examples) {
      if (value === '') continue;
      for (const { app, load, base } of LOADERS.filter((loader) => settingsRead(loader.load, loader.base).has(name))) {
        expect({ app, name, config: load({ ...base, [name]: value }) }).toEqual({ app, name, config: load(base) });
      }
    }
  });

  it('explains every setting in a comment on the line above it', () => {
    const isSetting = (line: string) => /^# [A-Z][A-Z0-9_]*=/.test(line);
    const unexplained = lines.filter((line, index) => isSetting(line) && !(/^# \S/.test(lines[index - 1] ?? '') && !isSetting(lines[index - 1]!)));
    expect(unexplained).toEqual([]);
  });
});
