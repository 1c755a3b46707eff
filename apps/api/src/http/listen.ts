import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';

export type HttpTimeouts = { headersTimeoutMs: number; requestTimeoutMs: number; shutdownTimeoutMs: number };

export type Listening = { port: number; close(): Promise<void> };

/**
 * Serves `app` with bounded patience: a client that trickles its headers or its body is cut
 * off (Node checks every second, not every 30 s as by default), and `close()` lets requests in
 * flight finish for at most `shutdownTimeoutMs` before their connections are closed — a
 * stalled client never holds a shutdown.
 */
export async function listen(app: express.Express, options: HttpTimeouts & { port: number; host: string }): Promise<Listening> {
  const server = http.createServer(
    // Node requires headersTimeout ≤ requestTimeout: the headers are part of the request.
    { headersTimeout: Math.min(options.headersTimeoutMs, options.requestTimeoutMs), requestTimeout: options.requestTimeoutMs, connectionsCheckingInterval: 1_000 },
    app,
  );
  server.listen(options.port, options.host);
  try {
    await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`port ${options.port} is already in use on ${options.host}; stop what runs there or set PORT to another port`, { cause: error });
    }
    throw error;
  }
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        const deadline = setTimeout(() => server.closeAllConnections(), options.shutdownTimeoutMs);
        server.close(() => {
          clearTimeout(deadline);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
