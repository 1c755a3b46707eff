// The load generator's own process (measure-route.ts starts it: the load must not share the
// server's event loop). Runs autocannon with the options given as JSON in argv[2] — a
// `bodyFile` is read into the body — and prints autocannon's result as JSON on stdout.
// Programmatic rather than the CLI: the CLI takes one URL, this can spread the connections
// over several servers and still measure one latency histogram.
import { readFile } from 'node:fs/promises';
import autocannon from 'autocannon';

const { bodyFile, urls, ...options } = JSON.parse(process.argv[2]!) as autocannon.Options & { bodyFile?: string; urls: string[] };
const body = bodyFile ? await readFile(bodyFile) : undefined;
// More than one URL is supported at run time (connections go round the list); the types say string.
const result = await autocannon({ ...options, url: urls as unknown as string, body });
process.stdout.write(JSON.stringify(result));
