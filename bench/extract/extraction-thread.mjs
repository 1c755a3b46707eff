// Entry of a baseline extraction thread: threads inherit neither the process's TypeScript
// loader nor Vitest's transform, so register tsx here before loading the task.
import { register } from 'tsx/esm/api';

register();
const { default: runExtractionTask } = await import('@docket/extract/extraction-task');

export default runExtractionTask;
