import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Router, type Response } from 'express';
import helmet from 'helmet';
import { openApiJson } from '../openapi/openapi-document.ts';
import { CSP_DIRECTIVES } from './security-headers.ts';

const require = createRequire(import.meta.url);
const REDOC_BUNDLE = require.resolve('redoc/bundles/redoc.standalone.js');
const REDOC_VERSION: string = require('redoc/package.json').version;
/** Versioned, so a browser may keep it for good: a Docket with another Redoc names another file. */
const REDOC_PATH = `/api/docs/redoc-${REDOC_VERSION}.standalone.js`;
/**
 * The one thing Redoc's bundle loads from elsewhere: the Redocly logo beside the "API docs by
 * Redocly" link, from a CDN. Served as `data:,`, an image that fails to decode: Redoc then
 * drops the <img> (it hides the logo on error) and the page makes no request off this origin.
 */
const REDOC_LOGO_URL = 'https://cdn.redoc.ly/redoc/logo-mini.svg';

/**
 * The contract, served by Docket itself: `GET /api/openapi.json` (the same bytes `pnpm openapi`
 * writes to docs/openapi.json, made once on first request) and `GET /api/docs`, the reference
 * page, which Redoc's standalone bundle (from npm) renders in the browser from that document.
 * Nothing is loaded from anywhere else, so the page works offline.
 */
export function serveApiDocs(): Router {
  const router = Router();
  const document = once(async () => openApiJson());
  const viewer = once(async () => (await readFile(REDOC_BUNDLE, 'utf8')).replaceAll(REDOC_LOGO_URL, 'data:,'));

  router.get('/api/openapi.json', async (_req, res) => {
    send(res.type('application/json'), await document());
  });

  router.get('/api/docs', docsPagePolicy, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(DOCS_PAGE);
  });

  // The viewer: a static asset of the page, not an operation of the API.
  router.use(REDOC_PATH, async (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path !== '/') return next();
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    send(res.type('text/javascript'), await viewer());
  });
  return router;
}

type Body = { bytes: Buffer; etag: string };

/** Made on first use, then the same bytes and ETag for everyone: no request encodes or hashes them again. */
function once(make: () => Promise<string>): () => Promise<Body> {
  let body: Promise<Body> | undefined;
  return () =>
    (body ??= make().then((text) => {
      const bytes = Buffer.from(text, 'utf8');
      return { bytes, etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"` };
    }));
}

/** With its ETag set, Express neither hashes the body again nor sends it to a client that has it (304). */
function send(res: Response, body: Body): void {
  res.setHeader('ETag', body.etag);
  res.send(body.bytes);
}

/**
 * The page's Content Security Policy: the API's own, widened for this page only by what Redoc
 * needs. Redoc's bundle writes `<style>` elements (styled-components, and its CSS modules as it
 * loads, before any option could hand them a nonce), so styles need `'unsafe-inline'` here; the
 * page renders nothing but Docket's own generated spec (Markdown sanitised by Redoc), and
 * scripts still come from this origin only, so inline styles open no way in for script. Its
 * search index runs in a Web Worker that it creates from a `blob:` URL, hence `worker-src blob:`.
 */
const docsPagePolicy = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: { ...CSP_DIRECTIVES, 'style-src': ["'self'", "'unsafe-inline'"], 'worker-src': ['blob:'] },
});

/** Redoc starts itself on the <redoc> element, its options written as attributes. */
const DOCS_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Docket API reference</title>
    <link rel="icon" href="data:,">
  </head>
  <body>
    <redoc spec-url="/api/openapi.json" expand-responses="200,201,202,204" required-props-first="true" sort-required-props-first="true" hide-hostname="true" json-sample-expand-level="3"></redoc>
    <script src="${REDOC_PATH}"></script>
  </body>
</html>
`;
