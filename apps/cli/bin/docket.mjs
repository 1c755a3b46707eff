#!/usr/bin/env node
// Entry of the `docket` bin: runs the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
