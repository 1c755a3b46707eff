const UNREACHABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'DatabaseDoesNotExist']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

/**
 * True when an error means "the database cannot be reached right now" (down, restarting,
 * refusing connections) rather than a bug: the client gets 503 and should retry. Looks at
 * Prisma's driver-adapter error, node-postgres errors and socket errors along the cause chain.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const candidate = current as { code?: unknown; kind?: unknown; meta?: { driverAdapterError?: { cause?: unknown } }; cause?: unknown };
    const adapterCause = candidate.meta?.driverAdapterError?.cause as { kind?: string; originalCode?: string } | undefined;
    if (adapterCause && (UNREACHABLE_KINDS.has(adapterCause.kind ?? '') || isUnavailableSqlState(adapterCause.originalCode))) return true;
    if (typeof candidate.kind === 'string' && UNREACHABLE_KINDS.has(candidate.kind)) return true;
    if (typeof candidate.code === 'string' && (NETWORK_CODES.has(candidate.code) || isUnavailableSqlState(candidate.code))) return true;
    current = candidate.cause;
  }
  return false;
}

/** SQLSTATEs of a server that is shutting down, starting up, full, or refusing this database. */
function isUnavailableSqlState(code: string | undefined): boolean {
  if (!code) return false;
  return code.startsWith('08') || code.startsWith('57P') || code === '53300' || code === '55000';
}
