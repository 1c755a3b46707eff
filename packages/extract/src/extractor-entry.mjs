// Entry of an extractor child process (extractor-process.ts forks it). Children inherit
// neither the parent's TypeScript loader nor Vitest's transform: register tsx here first.
import { register } from 'tsx/esm/api';

register();
const { serveExtractions } = await import('./serve-extractions.ts');

serveExtractions({ reportRss: process.argv.includes('--report-rss') });
