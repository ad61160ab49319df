import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { REPO_ROOT } from '../testing/cli-process.js';
import { startIsolatedEngine, type IsolatedEngine } from '../testing/isolated-engine.js';
import { FuzzRandom } from '../testing/random.js';
import { httpGet, rawExchange, statusOf } from '../testing/raw-http.js';
import { clientFrame, Opcode } from '../testing/ws-frames.js';
import { tokenCookieName } from './guard.js';

// A bounded fuzz of everything `devlog start` exposes on loopback: request lines, headers,
// cookies, bodies, WebSocket frames and RPC messages, with connections reset half-way. A fixed
// seed always runs; two random ones widen the net (DEVLOG_FUZZ_SEED=N replays one).
const CASES_PER_SEED = 100;
const PARALLEL = 8;
const replay = process.env.DEVLOG_FUZZ_SEED;
const SEEDS = replay ? [Number(replay)] : [0x5eed, crypto.randomInt(2 ** 31), crypto.randomInt(2 ** 31)];

interface Target {
  port: number;
  token: string;
}

const METHODS = ['GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'get', 'G\u00e9T', ''];
const RPC_METHODS = ['status.get', 'system.ping', 'sessions.query', 'sessions.show', 'sessions.markdown', 'sessions.files', 'stats.get', 'nope', '__proto__', 'constructor', 'toString'];
const PARAM_KEYS = ['agent', 'agents', 'workspace', 'since', 'until', 'model', 'search', 'fts', 'sort', 'limit', 'cursor', 'id', 'format', 'full', 'meta', 'by', 'hidden', 'echo', '__proto__'];

function target(r: FuzzRandom, t: Target): string {
  return r.pick([
    () => '/',
    () => '/api/status',
    () => '/rpc',
    () => '/index.html',
    () => `/assets/${r.text(12)}.js`,
    () => `/?token=${t.token}`,
    () => `/?token=${r.text(50)}`,
    () => `/x/..//evil.com?token=${t.token}`,
    () => `//evil.com/${r.text(5)}`,
    () => '/%',
    () => '/%E0%A4%A',
    () => `/%${r.below(256).toString(16)}${r.text(3)}`,
    () => '/..%2f..%2f..%2fetc%2fpasswd',
    () => '/\u0000',
    () => 'http://[',
    () => 'http://a:b:c/',
    () => '*',
    () => `http://127.0.0.1:${t.port}/api/status`,
    () => '/' + 'a'.repeat(r.below(9000)),
    () => '/' + r.text(80),
    () => r.text(30),
  ])();
}

function cookieHeader(r: FuzzRandom, t: Target): string {
  const name = tokenCookieName(t.token, t.port);
  const jar = Array.from({ length: r.below(5) }, () =>
    r.pick([
      () => `${name}=${t.token}`,
      () => `devlog_token=${r.pick(['%', '%E0%A4%A', t.token, r.text(20)])}`,
      () => `${name}=${r.pick(['%', '"%zz"', '', r.text(40)])}`,
      () => `${r.text(8)}=${r.text(20)}`,
      () => r.text(30),
      () => `${name}="${t.token}"`,
    ])(),
  );
  return jar.join(r.pick(['; ', ';', ' ; ', ',']));
}

function headers(r: FuzzRandom, t: Target, wild: boolean): string[] {
  const lines: string[] = [];
  const host = r.pick([`127.0.0.1:${t.port}`, `127.0.0.1:${t.port}`, `127.0.0.1:${t.port}`, `localhost:${t.port}`, `[::1]:${t.port}`, 'evil.example', '', r.text(20)]);
  if (!wild || r.chance(0.8)) lines.push(`Host: ${host}`);
  if (r.chance(0.5)) lines.push(`Cookie: ${cookieHeader(r, t)}`);
  if (r.chance(0.3)) lines.push(`Origin: ${r.pick([`http://127.0.0.1:${t.port}`, 'http://evil.example', 'null', r.text(20)])}`);
  if (r.chance(0.4)) lines.push(`Authorization: ${r.pick([`Bearer ${t.token}`, `Bearer ${t.token}`, 'Bearer ', `Basic ${r.text(10)}`, r.text(30)])}`);
  if (r.chance(0.2)) lines.push(`Content-Length: ${wild ? r.pick(['5', '-1', '99999999999999999999', 'abc', String(r.below(100))]) : '0'}`);
  if (wild && r.chance(0.2)) lines.push('Transfer-Encoding: chunked');
  if (r.chance(0.2)) lines.push(`Connection: ${r.pick(['Upgrade', 'close', 'keep-alive', r.text(10)])}`);
  if (r.chance(0.2)) lines.push(`Upgrade: ${r.pick(['websocket', 'h2c', r.text(10)])}`);
  if (r.chance(0.15)) lines.push(`Sec-WebSocket-Key: ${r.pick(['dGhlIHNhbXBsZSBub25jZQ==', r.text(24)])}`);
  if (r.chance(0.15)) lines.push(`Sec-WebSocket-Version: ${r.pick(['13', '8', r.text(3)])}`);
  if (!wild) return lines;
  for (let i = r.below(3); i > 0; i--) lines.push(`${r.pick([r.text(10), 'X-A', '\u0001', ''])}: ${r.text(60)}`);
  if (r.chance(0.05)) lines.push(`X-Big: ${'b'.repeat(20_000)}`);
  return lines;
}

function httpRequest(r: FuzzRandom, t: Target): Buffer {
  // Mostly well-formed requests with hostile values, so they reach our code; some broken everywhere.
  const wild = r.chance(0.3);
  const method = wild ? r.pick(METHODS) : r.pick(['GET', 'GET', 'GET', 'HEAD', 'POST']);
  const version = wild ? r.pick(['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9', r.text(6)]) : 'HTTP/1.1';
  const head = [`${method} ${target(r, t)} ${version}`, ...headers(r, t, wild)].join(wild && r.chance(0.3) ? '\n' : '\r\n') + '\r\n\r\n';
  const body = wild && r.chance(0.5) ? r.bytes(r.below(200)) : Buffer.alloc(0);
  return Buffer.concat([Buffer.from(head, 'utf8'), body]);
}

function jsonValue(r: FuzzRandom, depth = 0): unknown {
  const kinds = depth > 2 ? 5 : 7;
  switch (r.below(kinds)) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick([0, -1, 1e308, 2 ** 53 + 1, 0.5, -0]);
    case 3:
      return r.text(30);
    case 4:
      return r.pick(['*', '**/*', '~/*/*/*', 'claude-code', '7d', 'today', '2026-13-45', '"unterminated', 'a OR', '{a,b}', '[z-a]']);
    case 5:
      return Array.from({ length: r.below(4) }, () => jsonValue(r, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: r.below(5) }, () => [r.pick(PARAM_KEYS), jsonValue(r, depth + 1)]));
  }
}

function wsFrame(r: FuzzRandom): Buffer {
  const rpc = () => JSON.stringify({ t: r.pick(['req', 'req', 'res', 'evt', 'x']), id: r.pick([1, 2, 'a', null, -1, 1.5]), m: r.pick(RPC_METHODS), p: jsonValue(r) });
  return r.pick([
    () => clientFrame(Opcode.text, Buffer.from(rpc())),
    () => clientFrame(Opcode.text, Buffer.from(rpc())),
    () => clientFrame(Opcode.text, Buffer.from(JSON.stringify(jsonValue(r)))),
    () => clientFrame(Opcode.text, Buffer.from(r.text(40))),
    () => clientFrame(Opcode.text, Buffer.from([0xc3, 0x28, 0xff])),
    () => clientFrame(Opcode.binary, r.bytes(r.below(64))),
    () => clientFrame(Opcode.ping, r.bytes(r.below(10))),
    () => clientFrame(Opcode.pong, r.bytes(r.below(10))),
    () => clientFrame(Opcode.close, Buffer.concat([Buffer.from([r.below(256), r.below(256)]), r.bytes(r.below(8))])),
    () => clientFrame(r.pick([3, 4, 5, 6, 7, 11, 12, 13, 14, 15]), r.bytes(4)),
    () => clientFrame(Opcode.text, Buffer.from('{}'), { rsv: 1 + r.below(7) }),
    () => clientFrame(Opcode.text, Buffer.from('{}'), { masked: false }),
    () => clientFrame(Opcode.continuation, r.bytes(8)),
    () => clientFrame(Opcode.text, Buffer.from('{"t":'), { fin: false }),
    () => clientFrame(Opcode.ping, r.bytes(200)),
    () => clientFrame(Opcode.text, r.bytes(10), { declaredLength: 1000 }),
    () => clientFrame(Opcode.binary, Buffer.alloc(0), { declaredLength: 2 ** 40 }),
    () => r.bytes(r.below(30)),
  ])();
}

/** Upgrades with the token, then sends random frames; resolves with the upgrade's status code. */
function webSocketCase(r: FuzzRandom, t: Target): Promise<number> {
  return new Promise((resolve) => {
    const socket = net.connect(t.port, '127.0.0.1');
    let answer = '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(statusOf(answer));
    };
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('connect', () => {
      const auth = r.chance(0.5) ? `Authorization: Bearer ${t.token}` : `Cookie: ${tokenCookieName(t.token, t.port)}=${t.token}`;
      socket.write(`GET /rpc HTTP/1.1\r\nHost: 127.0.0.1:${t.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}\r\n${auth}\r\n\r\n`);
    });
    let sent = false;
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      if (!sent && answer.includes('\r\n\r\n')) {
        sent = true;
        const frames = Array.from({ length: 1 + r.below(6) }, () => wsFrame(r));
        socket.write(Buffer.concat(frames));
        if (r.chance(0.3)) {
          socket.resetAndDestroy();
          return;
        }
      }
      clearTimeout(timer);
      timer = setTimeout(finish, 150);
    });
  });
}

/** One random case; the status of the answer, or 0 when the connection ended without one. */
async function runCase(r: FuzzRandom, t: Target): Promise<number> {
  if (r.chance(0.25)) return webSocketCase(r, t);
  const request = httpRequest(r, t);
  const mode = r.pick(['whole', 'whole', 'whole', 'whole', 'whole', 'whole', 'cut-and-reset', 'cut-and-reset', 'whole-then-reset', 'cut-and-wait']);
  const cut = request.subarray(0, r.below(request.length));
  if (mode === 'cut-and-reset') return statusOf(await rawExchange(t.port, cut, { reset: true }));
  if (mode === 'whole-then-reset') return statusOf(await rawExchange(t.port, request, { reset: true }));
  return statusOf(await rawExchange(t.port, mode === 'whole' ? request : cut, { quietMs: 150 }));
}

async function rpcPing(t: Target): Promise<unknown> {
  const ws = new WebSocket(`ws://127.0.0.1:${t.port}/rpc`, { headers: { authorization: `Bearer ${t.token}` } });
  try {
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const answer = new Promise<unknown>((resolve) => ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()))));
    ws.send(JSON.stringify({ t: 'req', id: 7, m: 'system.ping', p: { echo: 'still here' } }));
    return await answer;
  } finally {
    ws.terminate();
  }
}

describe('fuzzing the headless HTTP and WebSocket surface', () => {
  let dir: string;
  let engine: IsolatedEngine;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'renderer', 'index.html'))) {
      throw new Error('dist/renderer is missing: run `npm run build` first (npm test does it for you)');
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-fuzz-'));
    engine = await startIsolatedEngine(dir);
  });
  afterAll(async () => {
    await engine?.cli.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const seed of SEEDS) {
    it(`seed ${seed}: ${CASES_PER_SEED} random requests, frames and resets leave the engine answering`, async () => {
      const r = new FuzzRandom(seed);
      const t = { port: engine.port, token: engine.token };
      const statuses: number[] = [];
      for (let done = 0; done < CASES_PER_SEED; done += PARALLEL) {
        // Each case draws from its own generator, so running them side by side stays reproducible.
        const batch = Array.from({ length: Math.min(PARALLEL, CASES_PER_SEED - done) }, () => new FuzzRandom(r.below(2 ** 31)));
        statuses.push(...(await Promise.all(batch.map((cr) => runCase(cr, t)))));
      }
      if (process.env.DEVLOG_FUZZ_VERBOSE) console.log(seed, JSON.stringify(statuses));
      // A 5xx means a request reached code that failed: a bug, even if the process survived.
      expect(statuses.filter((s) => s >= 500), `seed ${seed}`).toEqual([]);
      expect(engine.cli.child.exitCode, engine.cli.output()).toBeNull();
      const status = await httpGet(engine.port, '/api/status', { authorization: `Bearer ${engine.token}` });
      expect(status.status).toBe(200);
      expect(await rpcPing(t)).toMatchObject({ t: 'res', id: 7, r: { echo: 'still here' } });
    });
  }
});
