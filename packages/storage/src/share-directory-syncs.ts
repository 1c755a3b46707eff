/**
 * Shares fsyncs of a directory between the writes that need one (docs/design.md#worker-batches:
 * one directory fsync for the text blobs of documents finishing together). A caller's entry
 * (its rename) is durable once an fsync that STARTED after the rename has finished: so a
 * caller arriving while an fsync runs waits for the next one, and every caller arriving before
 * that next one starts shares it. Nothing resolves before the fsync covering it is done.
 */
export function shareDirectorySyncs(sync: (directory: string) => Promise<void>): (directory: string) => Promise<void> {
  const directories = new Map<string, { running?: Promise<void>; next?: Promise<void> }>();

  function start(directory: string, entry: { running?: Promise<void>; next?: Promise<void> }): Promise<void> {
    const run = sync(directory).finally(() => {
      if (entry.running === run) entry.running = undefined;
      if (!entry.running && !entry.next) directories.delete(directory);
    });
    entry.running = run;
    return run;
  }

  return (directory) => {
    let entry = directories.get(directory);
    if (!entry) directories.set(directory, (entry = {}));
    if (entry.next) return entry.next;
    if (!entry.running) return start(directory, entry);
    const current = entry;
    const next = current.running!.catch(() => undefined).then(() => {
      current.next = undefined;
      return start(directory, current);
    });
    current.next = next;
    return next;
  };
}
