import net from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { signUp } from '../support/api-client.ts';
import { startTestDocket, type TestDocket } from '../support/test-docket.ts';

// Clients that open a connection and then dawdle (slowloris): each holds a socket and a
// request's memory for as long as the server lets it. The server must cut them off.
let docket: TestDocket | undefined;
afterEach(async () => {
  await docket?.stop();
  docket = undefined;
});

type SlowClient = { socket: net.Socket; answer: Promise<{ text: string; afterMs: number }> };

/** Opens a raw connection, sends `head`, then keeps the connection open and quiet (or trickles `trickle`). */
function slowClient(url: string, head: string, trickle?: string): SlowClient {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  const started = Date.now();
  socket.write(head);
  const timer = trickle ? setInterval(() => socket.write(trickle), 200) : undefined;
  const answer = new Promise<{ text: string; afterMs: number }>((resolve) => {
    let text = '';
    socket.on('data', (chunk) => (text += chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ text, afterMs: Date.now() - started });
    });
  });
  return { socket, answer };
}

it('cuts off a client that never finishes its headers', async () => {
  docket = await startTestDocket({ RUN_WORKER: 'false', HEADERS_TIMEOUT_MS: '1000' });
  const client = slowClient(docket.url, 'POST /api/auth/login HTTP/1.1\r\nHost: docket\r\n');
  const { text, afterMs } = await client.answer;
  expect(text).toMatch(/^HTTP\/1\.1 408/);
  expect(afterMs).toBeLessThan(4_000);
});

it('cuts off a client that trickles its body, with 408', async () => {
  docket = await startTestDocket({ RUN_WORKER: 'false', REQUEST_TIMEOUT_MS: '2000' });
  const client = slowClient(docket.url, 'POST /api/auth/login HTTP/1.1\r\nHost: docket\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"email":', ' ');
  const { text, afterMs } = await client.answer;
  expect(text).toMatch(/^HTTP\/1\.1 408/);
  expect(afterMs).toBeGreaterThanOrEqual(1_900);
  expect(afterMs).toBeLessThan(5_000);
});

it('shuts down within its deadline while an upload stalls', async () => {
  docket = await startTestDocket({ SHUTDOWN_TIMEOUT_MS: '1000' });
  const { auth } = await signUp(docket.url);
  const boundary = 'stalled';
  const client = slowClient(
    docket.url,
    `POST /api/jobs HTTP/1.1\r\nHost: docket\r\nAuthorization: Bearer ${auth.access_token}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 10000000\r\n\r\n--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\nsome`,
    ' text',
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  const stopping = Date.now();
  const running = docket;
  docket = undefined;
  await running.stop();
  expect(Date.now() - stopping).toBeLessThan(6_000);
  await client.answer; // settles once the server has closed the stalled connection
}, 30_000);
