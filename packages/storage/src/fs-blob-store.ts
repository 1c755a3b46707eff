import { constants } from 'node:fs';
import { copyFile, mkdir, open, opendir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BlobStore } from './blob-store.ts';
import { shareDirectorySyncs } from './share-directory-syncs.ts';

const SAFE_KEY = /^[a-z0-9][a-z0-9/_.-]*$/i;

/**
 * A blob store on the local filesystem under `root`. Writes go to a temp name, are fsynced,
 * renamed into place and the directory fsynced, so a blob that `put*` resolved for survives
 * a crash (docs/design.md#failure-behaviour: a 202 means the bytes are durable).
 */
export function createFsBlobStore(root: string): BlobStore {
  const resolve = (key: string): string => {
    if (!SAFE_KEY.test(key) || key.includes('..')) throw new Error(`invalid blob key: ${key}`);
    return path.join(root, key);
  };

  async function fsyncPath(target: string, flags = constants.O_RDONLY): Promise<void> {
    const handle = await open(target, flags);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  // Blobs renamed into one directory close together (a batch's text) share its fsync.
  const syncDirectory = shareDirectorySyncs((directory) => fsyncPath(directory));

  /**
   * mkdir -p whose new directories survive a crash: a directory's entry lives in its parent,
   * so each parent of a directory created here is fsynced too (shared like the blobs' syncs),
   * before a blob inside it can be reported durable.
   */
  async function makeDirectory(directory: string): Promise<void> {
    const firstCreated = await mkdir(directory, { recursive: true });
    if (firstCreated === undefined) return;
    const parents: string[] = [];
    for (let created = directory; ; created = path.dirname(created)) {
      parents.push(path.dirname(created));
      if (created === firstCreated) break;
    }
    await Promise.all(parents.map(syncDirectory));
  }

  async function install(tempPath: string, finalPath: string): Promise<void> {
    await fsyncPath(tempPath);
    await rename(tempPath, finalPath);
    await syncDirectory(path.dirname(finalPath));
  }

  return {
    async putFile(key, sourcePath) {
      const finalPath = resolve(key);
      await makeDirectory(path.dirname(finalPath));
      const tempPath = `${finalPath}.partial`;
      try {
        await rename(sourcePath, tempPath);
      } catch (error) {
        // A source on another filesystem cannot be renamed; copy it instead.
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        await copyFile(sourcePath, tempPath);
        await rm(sourcePath, { force: true });
      }
      await install(tempPath, finalPath);
    },

    async putBytes(key, bytes) {
      const finalPath = resolve(key);
      await makeDirectory(path.dirname(finalPath));
      const tempPath = `${finalPath}.partial`;
      await writeFile(tempPath, bytes);
      await install(tempPath, finalPath);
    },

    read: (key) => readFile(resolve(key)),

    withLocalFile: (key, use) => use(resolve(key)),

    async delete(key) {
      await rm(resolve(key), { force: true });
    },

    // Depth first with a stack of directories still to read: memory follows the depth and
    // width of the tree, never the number of blobs.
    async *list() {
      const directories = [''];
      while (directories.length > 0) {
        const relative = directories.pop()!;
        let directory;
        try {
          directory = await opendir(path.join(root, relative));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // nothing stored yet, or removed meanwhile
          throw error;
        }
        for await (const entry of directory) {
          const key = relative ? `${relative}/${entry.name}` : entry.name;
          if (entry.isDirectory()) directories.push(key);
          else if (entry.isFile()) yield key;
        }
      }
    },

    async stat(key) {
      try {
        const stats = await stat(resolve(key));
        return { sizeBytes: stats.size, modifiedAt: stats.mtime };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
  };
}
