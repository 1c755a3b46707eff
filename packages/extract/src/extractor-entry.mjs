// Entry of an extractor child process run from source (extractor-process.ts forks it).
// Children inherit neither the parent's TypeScript loader nor Vitest's transform: register tsx
// here first. A built app forks its bundled extractor-entry.mjs instead (scripts/build-server.ts).
import { register } from 'tsx/esm/api';

register();
await import('./extractor-main.ts');
