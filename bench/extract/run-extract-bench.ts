// `pnpm bench:extract`: what isolating extraction costs small documents. Extracts
// BENCH_EXTRACT_DOCS (default 2,000) small text documents (~2 KB each), two at a time as a
// worker with WORKER_CONCURRENCY=2 does, through Docket's extraction pool (child
// processes), through the worker-thread pool Docket used before (the baseline, same task)
// and in process without isolation (the floor). Each variant runs BENCH_EXTRACT_ROUNDS
// times (default 2), alternating, and keeps its best round: the machine is shared.
// Results go to BENCHMARKS.md ("Extraction of small documents").
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { extractDocument } from '@docket/extract/extract-document';
import { createExtractionPool } from '@docket/extract/extraction-pool';
import type { Extraction } from '@docket/extract/extraction';
import { replaceSection } from '../benchmarks-file.ts';
import { createThreadPoolBaseline } from './thread-pool-baseline.ts';

const DOCS = Number(process.env.BENCH_EXTRACT_DOCS ?? 2_000);
const ROUNDS = Number(process.env.BENCH_EXTRACT_ROUNDS ?? 2);
const CONCURRENCY = 2;
const LIMITS = { timeoutMs: 60_000, maxMemoryMb: 512 };
const WORDS = 'the quick brown fox jumps over lazy dog while committee reviews every document submitted during quarterly planning meeting report invoice'.split(' ');
const log = (line: string) => process.stderr.write(`${line}\n`);

type Extractor = { extract(input: { path: string; kind: 'text' }): Promise<Extraction>; close(): Promise<void> };
type Variant = { name: string; open(): Extractor };
type Run = { name: string; firstMs: number; perSecond: number; p50: number; p99: number };
type Best = Run & { slowest: number };

const VARIANTS: Variant[] = [
  { name: 'child processes (Docket)', open: () => createExtractionPool({ processes: CONCURRENCY, ...LIMITS }) },
  { name: 'worker threads (baseline, before)', open: () => createThreadPoolBaseline({ threads: CONCURRENCY, ...LIMITS }) },
  {
    name: 'in process, no isolation (floor)',
    open: () => ({ extract: async ({ path: file, kind }) => extractDocument(await readFile(file), kind), close: async () => undefined }),
  },
];

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'docket-bench-extract-'));
  try {
    const files = await writeDocuments(dir);
    const best = new Map<string, Best>();
    for (let round = 1; round <= ROUNDS; round++) {
      for (const variant of VARIANTS) {
        const run = await measure(variant, files);
        log(`round ${round}: ${format(run)}`);
        const previous = best.get(run.name);
        const slowest = Math.min(previous?.slowest ?? run.perSecond, run.perSecond);
        best.set(run.name, previous && previous.perSecond >= run.perSecond ? { ...previous, slowest } : { ...run, slowest });
      }
    }
    await report([...best.values()]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function writeDocuments(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < DOCS; i++) {
    const words = Array.from({ length: 300 }, (_, w) => WORDS[(i * 7 + w * 13) % WORDS.length]);
    const file = path.join(dir, `doc-${i}.txt`);
    await writeFile(file, `Document ${i}. ${words.join(' ')}.\n`);
    files.push(file);
  }
  return files;
}

/** The first document alone (start-up included), then every document, CONCURRENCY at a time. */
async function measure(variant: Variant, files: string[]): Promise<Run> {
  const extractor = variant.open();
  try {
    const firstStart = performance.now();
    await extractor.extract({ path: files[0]!, kind: 'text' });
    const firstMs = performance.now() - firstStart;
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < files.length) {
          const file = files[next++]!;
          const begin = performance.now();
          await extractor.extract({ path: file, kind: 'text' });
          latencies.push(performance.now() - begin);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
    return { name: variant.name, firstMs, perSecond: files.length / seconds, p50: at(0.5), p99: at(0.99) };
  } finally {
    await extractor.close();
  }
}

const format = (run: Run) =>
  `${run.name}: first document ${Math.round(run.firstMs)} ms, ${Math.round(run.perSecond)} documents/s, p50 ${run.p50.toFixed(2)} ms, p99 ${run.p99.toFixed(2)} ms`;

async function report(runs: Best[]) {
  const rate = (value: number) => Math.round(value).toLocaleString('en');
  const rows = runs.map((run) => `| ${run.name} | ${Math.round(run.firstMs)} | ${rate(run.perSecond)} | ${rate(run.slowest)} | ${run.p50.toFixed(2)} | ${run.p99.toFixed(2)} |`);
  const [docket, threads] = [runs.find((run) => run.name === VARIANTS[0]!.name)!, runs.find((run) => run.name === VARIANTS[1]!.name)!];
  const body = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}, with \`pnpm bench:extract\`: ${DOCS.toLocaleString('en')} text documents of ~2 KB, ${CONCURRENCY} at a time (a worker with \`WORKER_CONCURRENCY=2\`), best of ${ROUNDS} alternating rounds. "First document" includes starting the pool's first extractor.`,
    '',
    '| extraction | first document (ms) | documents/s (best round) | documents/s (slowest round) | p50 (ms) | p99 (ms) |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    `Best rounds: the child processes do ${Math.round((docket.perSecond / threads.perSecond) * 100)}% of the worker threads' throughput. An extractor starts once (in the first document's time) and then serves document after document, so a small document costs a message each way, as it did with threads; the slowest rounds show how much the shared machine moved the numbers.`,
  ].join('\n');
  const file = new URL('../../BENCHMARKS.md', import.meta.url);
  await writeFile(file, replaceSection(await readFile(file, 'utf8'), 'Extraction of small documents', body));
  log(`\n${body}`);
}

await main();
