// The extractor child process's program (extractor-process.ts forks it): run from source
// through extractor-entry.mjs, or bundled as dist/extractor-entry.mjs beside a built app.
import { serveExtractions } from './serve-extractions.ts';

serveExtractions({ reportRss: process.argv.includes('--report-rss') });
