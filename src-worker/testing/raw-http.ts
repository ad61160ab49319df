import http from 'node:http';
import net from 'node:net';

/**
 * Sends bytes exactly as given over a fresh loopback connection (no client library cleaning them
 * up) and resolves with everything the server sent back until it closed or went quiet.
 * `reset` destroys the connection with a TCP RST right after writing, as a hostile client would.
 */
export function rawExchange(port: number, data: string | Buffer, options: { reset?: boolean; quietMs?: number; host?: string } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, options.host ?? '127.0.0.1');
    let answer = '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const quiet = () => {
      clearTimeout(timer);
      timer = setTimeout(finish, options.quietMs ?? 1_000);
    };
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      quiet();
    });
    socket.on('connect', () => {
      socket.write(data);
      if (options.reset) {
        socket.resetAndDestroy();
        return;
      }
      quiet();
    });
  });
}

/** The status code of a raw HTTP answer (`HTTP/1.1 400 …`), or 0 when there was none. */
export function statusOf(answer: string): number {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(answer);
  return m ? Number(m[1]) : 0;
}

/** One GET through Node's client, for the answers a well-behaved client sees. */
export function httpGet(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}
