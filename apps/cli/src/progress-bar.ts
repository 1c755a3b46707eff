/**
 * A one-line progress bar on a terminal (redrawn in place), or a plain line per change when
 * the output is a file or a pipe, so logs stay readable.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  let last = '';
  return {
    update(done: number, total: number, label: string) {
      const width = 24;
      const filled = total ? Math.round((done / total) * width) : 0;
      const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} documents  ${label}`;
      if (line === last) return;
      last = line;
      if (stream.isTTY) stream.write(`\r${line}\u001b[K`);
      else stream.write(`${line}\n`);
    },
    end() {
      if (stream.isTTY && last) stream.write('\n');
    },
  };
}
