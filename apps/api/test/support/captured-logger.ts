import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export type LogLine = { level: number; msg: string } & Record<string, unknown>;

/** A pino logger at `info` whose lines (parsed) the test can read. */
export function capturedLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}
