// Measures the dashboard's production bundle: the JavaScript a first visit downloads
// (the entry script and the chunks index.html preloads), gzipped, next to the 250 KB
// budget of the dashboard issue. Writes the "Dashboard bundle" section of BENCHMARKS.md.
//   pnpm bench:bundle
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { replaceSection } from './benchmarks-file.ts';

const BUDGET_KB = 250;
const dist = path.resolve('apps/web/dist');
execFileSync('pnpm', ['--filter', '@docket/web', 'build'], { stdio: 'ignore' });

const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]!);
const gzipKb = (file: string) => gzipSync(readFileSync(path.join(dist, file))).length / 1024;
const all = readdirSync(path.join(dist, 'assets')).filter((file) => file.endsWith('.js')).map((file) => `assets/${file}`);
const lazy = all.filter((file) => !initial.includes(file));
const initialKb = initial.reduce((sum, file) => sum + gzipKb(file), 0);
const lazyKb = lazy.reduce((sum, file) => sum + gzipKb(file), 0);

const rows = [
  `| initial JavaScript (${initial.length} file${initial.length === 1 ? '' : 's'}) | ${initialKb.toFixed(1)} KB | ${BUDGET_KB} KB | ${initialKb <= BUDGET_KB ? 'within budget' : 'OVER BUDGET'} |`,
  `| route chunks loaded on demand (${lazy.length}) | ${lazyKb.toFixed(1)} KB | – | every page but the dashboard and sign-in |`,
];
const section = [
  `Measured ${new Date().toISOString().slice(0, 10)} with \`pnpm bench:bundle\` (gzip level 6, Vite production build).`,
  '',
  '| what | gzipped | budget | |',
  '|---|---|---|---|',
  ...rows,
].join('\n');
writeFileSync('BENCHMARKS.md', replaceSection(readFileSafe('BENCHMARKS.md'), 'Dashboard bundle', section));
console.log(section);

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
