import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The account the embedded server runs as, when it is not this process's own. */
export type ServerAccount = { uid: number; gid: number };

const NAME = 'postgres';

/**
 * PostgreSQL refuses to run as root. A Docket started as root (a container, a VM) runs the
 * embedded server as the system account `postgres`, creating it when missing (useradd, or
 * BusyBox's adduser on Alpine). Any other user runs the server as itself: `undefined`.
 */
export async function serverAccount(): Promise<ServerAccount | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = await lookUp();
  if (existing) return existing;
  try {
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', NAME]);
  } catch {
    try {
      await run('addgroup', ['-S', NAME]);
      await run('adduser', ['-S', '-D', '-H', '-G', NAME, NAME]);
    } catch (error) {
      throw new Error(`running as root, the embedded database needs a system account "${NAME}" to run PostgreSQL as, and creating it failed (${(error as Error).message.split('\n')[0]}); create it, run Docket as another user, or set DATABASE_URL`, { cause: error });
    }
  }
  const created = await lookUp();
  if (!created) throw new Error(`the system account "${NAME}" was created but cannot be looked up`);
  return created;
}

async function lookUp(): Promise<ServerAccount | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', NAME]), run('id', ['-g', NAME])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}
