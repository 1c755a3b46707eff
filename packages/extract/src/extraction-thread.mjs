// Entry of an extraction worker thread. Threads do not inherit the TypeScript loader of
// the process (nor Vitest's transform), so register tsx here before loading the task.
import { register } from 'tsx/esm/api';

register();
const { default: runExtractionTask } = await import('./extraction-task.ts');

export default runExtractionTask;
