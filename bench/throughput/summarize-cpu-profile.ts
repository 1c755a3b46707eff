// Reads a V8 .cpuprofile (what `node --cpu-prof` writes) and sums self time — the time a
// function was on top of the stack — per function and per module (npm package, Docket
// package, Node internal area). `pnpm bench:throughput --profile` calls it for the load
// window of each profiled process; run alone it summarises a whole profile (a process run
// with tsx writes one per thread: the main thread's has thread id 0, `CPU.*.<pid>.0.*`):
//   node --import tsx bench/throughput/summarize-cpu-profile.ts <file.cpuprofile> [jobs]
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

export type SelfTime = { name: string; ms: number; share: number };
export type ProfileSummary = {
  /** Length of the window summarised. */
  seconds: number;
  /** Time the thread ran JavaScript, native code or GC (not idle), ms. */
  busyMs: number;
  /** Garbage collection alone, ms. */
  gcMs: number;
  modules: SelfTime[];
  functions: SelfTime[];
};

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const IDLE = '(idle)';

/** Which module a frame belongs to: an npm package, a Docket package or app, a Node area, or V8 itself. */
export function moduleOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('wasm:')) return '(WebAssembly)';
  if (url.startsWith('node:')) {
    const parts = url.slice('node:'.length).split('/').filter((part) => part !== 'internal');
    return parts[0] === 'deps' ? `node:deps/${parts[1]}` : `node:${parts[0]}`;
  }
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const packaged = file.lastIndexOf('/node_modules/');
  if (packaged !== -1) {
    const [scope, name] = file.slice(packaged + '/node_modules/'.length).split('/');
    return scope!.startsWith('@') ? `${scope}/${name}` : scope!;
  }
  const local = path.relative(ROOT, file).split(path.sep);
  if ((local[0] === 'packages' || local[0] === 'apps') && local[1]) return `@docket/${local[1]}`;
  return local.join('/');
}

function functionOf(frame: ProfileNode['callFrame']): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  const file = frame.url.startsWith('file://') ? fileURLToPath(frame.url) : frame.url;
  const packaged = file.lastIndexOf('/node_modules/');
  const where = packaged !== -1 ? file.slice(packaged + '/node_modules/'.length) : frame.url.startsWith('node:') ? frame.url : path.relative(ROOT, file);
  return `${name} (${where}:${frame.lineNumber + 1})`;
}

/**
 * Self time per module and per function in `window` (microseconds on the monotonic clock
 * the profile's own timestamps use — `process.hrtime` in any process of this machine), or
 * over the whole profile. A sample lasts until the next one; idle samples count nowhere.
 */
export function summarizeCpuProfile(profile: CpuProfile, options: { window?: { from: number; to: number }; top?: number } = {}): ProfileSummary {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const parents = new Map(profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node.id] as const)));
  // Native code (a socket's writev, a hash, JSON.parse) is charged to the library that called
  // it — the nearest caller outside Node's own modules — so the table says who caused it.
  const caller = (id: number): string => {
    for (let at = parents.get(id); at !== undefined; at = parents.get(at)) {
      const frame = frames.get(at)!;
      if (frame.url && !frame.url.startsWith('node:')) return moduleOf(frame);
    }
    return 'Node';
  };
  const attribution = new Map<number, { module: string; fn: string }>();
  const attribute = (id: number) => {
    let known = attribution.get(id);
    if (!known) {
      const frame = frames.get(id)!;
      const native = !frame.url && !frame.functionName.startsWith('(');
      known = native ? { module: `native, called from ${caller(id)}`, fn: `${frame.functionName} (native, called from ${caller(id)})` } : { module: moduleOf(frame), fn: functionOf(frame) };
      attribution.set(id, known);
    }
    return known;
  };
  const { from, to } = options.window ?? { from: profile.startTime, to: profile.endTime };
  const byModule = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  let gc = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i]!;
    if (at < from || at > to) continue;
    const id = profile.samples[i]!;
    const frame = frames.get(id)!;
    if (frame.functionName === IDLE) continue;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    busy += ms;
    if (frame.functionName === '(garbage collector)') gc += ms;
    const { module, fn } = attribute(id);
    byModule.set(module, (byModule.get(module) ?? 0) + ms);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  }
  const top = (totals: Map<string, number>) =>
    [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, options.top ?? 15)
      .map(([name, ms]) => ({ name, ms, share: busy ? ms / busy : 0 }));
  return { seconds: (Math.min(to, profile.endTime) - Math.max(from, profile.startTime)) / 1e6, busyMs: busy, gcMs: gc, modules: top(byModule), functions: top(byFunction) };
}

export async function readCpuProfile(file: string): Promise<CpuProfile> {
  return JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
}

/**
 * The main thread's profile among those one process wrote into `dir` (Node names them
 * `CPU.<date>.<time>.<pid>.<thread id>.<sequence>.cpuprofile`; the main thread is 0).
 */
export async function readMainThreadProfile(dir: string): Promise<CpuProfile> {
  const main = (await readdir(dir)).find((name) => name.split('.')[4] === '0' && name.endsWith('.cpuprofile'));
  if (!main) throw new Error(`no main-thread .cpuprofile in ${dir}`);
  return readCpuProfile(path.join(dir, main));
}

/** The summary as text lines; with `jobs`, self time is also given per job. */
export function formatProfileSummary(title: string, summary: ProfileSummary, jobs?: number): string {
  const perJob = (ms: number) => (jobs ? `  ${(ms / jobs).toFixed(2)} ms/job` : '');
  const rows = (list: SelfTime[]) => list.map((item) => `  ${item.ms.toFixed(0).padStart(7)} ms ${(item.share * 100).toFixed(1).padStart(5)}%${perJob(item.ms)}  ${item.name}`);
  return [
    `${title}: ${summary.seconds.toFixed(1)} s, busy ${summary.busyMs.toFixed(0)} ms (${((summary.busyMs / 1000 / summary.seconds) * 100).toFixed(0)}% of one core)${jobs ? `, ${jobs} jobs: ${(summary.busyMs / jobs).toFixed(2)} ms/job` : ''}, GC ${((summary.gcMs / Math.max(summary.busyMs, 1)) * 100).toFixed(1)}%`,
    ' top modules by self time:',
    ...rows(summary.modules),
    ' top functions by self time:',
    ...rows(summary.functions),
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, jobs] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node --import tsx bench/throughput/summarize-cpu-profile.ts <file.cpuprofile> [jobs]');
    process.exit(2);
  }
  console.log(formatProfileSummary(path.basename(file), summarizeCpuProfile(await readCpuProfile(file)), jobs ? Number(jobs) : undefined));
}
