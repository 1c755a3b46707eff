// `pnpm build:server [api|worker|cli …]`: the server-side apps as JavaScript bundles (all of them
// without arguments); see server-bundles.ts.
import { buildServerBundles, SERVER_APPS, type ServerApp } from './server-bundles.ts';

const requested = process.argv.slice(2);
const unknown = requested.filter((app) => !SERVER_APPS.includes(app as ServerApp));
if (unknown.length > 0) {
  console.error(`build:server: no app named ${unknown.join(', ')} (apps: ${SERVER_APPS.join(', ')})`);
  process.exit(1);
}
const apps = requested.length > 0 ? (requested as ServerApp[]) : SERVER_APPS;
const started = performance.now();
await buildServerBundles(apps);
console.log(`built ${apps.map((app) => `apps/${app}/dist`).join(', ')} in ${Math.round(performance.now() - started)} ms`);
