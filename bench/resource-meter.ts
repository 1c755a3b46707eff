import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import pg from 'pg';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
const SAMPLE_MS = 200;

type ProcStat = { pid: number; ppid: number; command: string; /** own CPU plus that of reaped children, ms */ cpuMs: number };

/** Every process's parent and CPU time from /proc (utime + stime + cutime + cstime). */
async function readProcStats(): Promise<Map<number, ProcStat>> {
  const stats = new Map<number, ProcStat>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const text = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => undefined); // gone meanwhile
    if (!text) continue;
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    const command = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
    stats.set(Number(entry), { pid: Number(entry), ppid: Number(fields[1]), command, cpuMs: (ticks * 1000) / TICKS_PER_SECOND });
  }
  return stats;
}

/**
 * CPU time of each root's process tree: the root and its live descendants, each with its
 * reaped children (an extractor's finished pdftotext runs count, through its cutime). A
 * `postgres` subtree is left out: an embedded Docket's own database server is its child, and
 * its backends are measured as Postgres, like a server's.
 */
function treeCpuMs(stats: Map<number, ProcStat>, roots: number[]): number {
  const children = new Map<number, number[]>();
  for (const stat of stats.values()) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat.pid]);
  let total = 0;
  const pending = roots.filter((pid) => stats.has(pid));
  while (pending.length) {
    const pid = pending.pop()!;
    total += stats.get(pid)!.cpuMs;
    pending.push(...(children.get(pid) ?? []).filter((child) => stats.get(child)!.command !== 'postgres'));
  }
  return total;
}

export type ResourceUse = {
  nodeMs: number;
  /** undefined: the Postgres server is not a process on this machine */
  postgresMs: number | undefined;
  seconds: number;
  /** What the database's connections were doing, as the average number of connections in each state over the samples. */
  backends: Record<string, number>;
  /**
   * Row locks: the statements connections waited in (average connections), and the last
   * statement of the transaction each waited for — the one that took the lock, or one after it.
   */
  locks: { waiting: Record<string, number>; blockers: Record<string, number> };
};

/** `INSERT INTO organization_storage …` → `INSERT INTO organization_storage`: the verb and the table, enough to tell statements apart. */
export function statementLabel(query: string): string {
  const sql = query.replace(/\s+/g, ' ').trim();
  const match = /^(?:WITH \w+ AS \( ?)?(INSERT INTO|UPDATE|DELETE FROM|SELECT .*? FROM) ("?[\w]+"?(?:\."?\w+"?)?)/i.exec(sql);
  if (!match) return sql.slice(0, 40);
  return `${match[1]!.toUpperCase().startsWith('SELECT') ? 'SELECT … FROM' : match[1]!.toUpperCase()} ${match[2]!.replaceAll('"', '')}`;
}

/** A connection's state as pg_stat_activity tells it: idle, idle in a transaction (waiting for the application), running, or what it waits for. */
function backendState(row: { state: string | null; wait_event_type: string | null; wait_event: string | null }): string {
  if (row.state !== 'active') return row.state ?? 'unknown';
  return row.wait_event_type ? `waiting: ${row.wait_event_type} ${row.wait_event}` : 'running';
}

/**
 * Measures, from now until `stop()`, the CPU used by the Node process trees in `nodePids`
 * (a worker with its extractor processes, an API) and, when given, by the Postgres backends
 * serving `database` (found in pg_stat_activity, read from /proc every 200 ms so connections that
 * open and close in between count too), and samples what those connections are doing
 * (running, waiting for a lock or the WAL, idle in a transaction while the application
 * works). The server's shared processes (WAL writer, checkpointer) are not counted: other
 * databases use them as well.
 */
export async function startResourceMeter(options: { nodePids: number[]; database?: { serverUrl: string; name: string } }) {
  const client = options.database && new pg.Client({ connectionString: options.database.serverUrl, application_name: 'docket-bench-meter' });
  await client?.connect();
  const states = new Map<string, number>();
  const waiting = new Map<string, number>();
  const blockers = new Map<string, number>();
  const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  let samples = 0;
  const backendPids = async () => {
    if (!client) return [];
    const { rows } = await client.query<{ pid: number; state: string | null; wait_event_type: string | null; wait_event: string | null; query: string; blocker: string | null }>(
      `SELECT pid, state, wait_event_type, wait_event, left(query, 300) AS query,
              CASE WHEN wait_event_type = 'Lock' THEN (SELECT left(b.query, 300) FROM pg_stat_activity b WHERE b.pid = (pg_blocking_pids(a.pid))[1]) END AS blocker
       FROM pg_stat_activity a WHERE datname = $1 AND backend_type = 'client backend'`,
      [options.database!.name],
    );
    samples++;
    for (const row of rows) {
      count(states, backendState(row));
      if (row.wait_event_type !== 'Lock') continue;
      count(waiting, statementLabel(row.query));
      if (row.blocker) count(blockers, statementLabel(row.blocker));
    }
    return rows.map((row) => row.pid);
  };
  const began = performance.now();
  const firstStats = await readProcStats();
  const nodeStart = treeCpuMs(firstStats, options.nodePids);
  // Per backend: its CPU when first seen (0 for one that connected during the measurement) and its latest.
  const backends = new Map<number, { first: number; last: number }>();
  const sample = async (stats: Map<number, ProcStat>, initial: boolean) => {
    for (const pid of await backendPids()) {
      const stat = stats.get(pid);
      // Not here, or another program under that number: the backend just exited, or the server runs on another machine.
      if (stat?.command !== 'postgres') continue;
      const seen = backends.get(pid);
      backends.set(pid, { first: seen?.first ?? (initial ? stat.cpuMs : 0), last: stat.cpuMs });
    }
  };
  await sample(firstStats, true);
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling.then(async () => sample(await readProcStats(), false));
  }, SAMPLE_MS);
  return {
    async stop(): Promise<ResourceUse> {
      clearInterval(timer);
      await sampling;
      const stats = await readProcStats();
      const nodeMs = treeCpuMs(stats, options.nodePids) - nodeStart;
      await sample(stats, false);
      await client?.end();
      const postgresMs = [...backends.values()].reduce((sum, backend) => sum + backend.last - backend.first, 0);
      const average = (map: Map<string, number>) => Object.fromEntries([...map].sort((a, b) => b[1] - a[1]).map(([key, seen]) => [key, seen / Math.max(samples, 1)]));
      return {
        nodeMs,
        postgresMs: backends.size > 0 ? postgresMs : undefined,
        seconds: (performance.now() - began) / 1000,
        backends: average(states),
        locks: { waiting: average(waiting), blockers: average(blockers) },
      };
    },
  };
}
