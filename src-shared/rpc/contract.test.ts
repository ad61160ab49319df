import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MessageChannel, type MessagePort as NodeMessagePort } from 'node:worker_threads';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { DevlogError, ErrorCodes } from '../errors.js';
import { RpcClient } from './client.js';
import { RpcServer, type Handlers } from './server.js';
import type { Transport } from './transport.js';
import { createInProcessPair } from './transports/in-process.js';
import { fromDomMessagePort, fromEmitterMessagePort, type EmitterMessagePortLike } from './transports/message-port.js';
import { fromWebSocket } from './transports/websocket.js';

/** A small contract of its own, so the suite tests the RPC layer and not the app's methods. */
type TestMethods = {
  add: { params: { a: number; b: number }; result: number };
  now: { params: void; result: string };
  fail: { params: { code: 'NOT_FOUND' | 'BAD_REQUEST' }; result: never };
  crash: { params: void; result: never };
  unsendable: { params: void; result: unknown };
  hang: { params: void; result: never };
  slowEcho: { params: { value: string; ms: number }; result: string };
  /** Waits until its call is cancelled, then reports why through `aborted`. */
  waitForCancel: { params: void; result: never };
};

/** Reasons the server saw for aborted calls, in order (the cancel tests read them). */
const aborted: string[] = [];
type TestEvents = { tick: { n: number } };

const handlers: Handlers<TestMethods> = {
  add: ({ a, b }) => a + b,
  now: () => 'now',
  fail: ({ code }) => {
    throw new DevlogError(code, `failed with ${code}`, 'field x');
  },
  crash: () => {
    throw new TypeError('boom');
  },
  // A function survives neither structured clone nor JSON in a useful way: must be an error, not a hang.
  unsendable: () => ({ fn: () => 1, big: 10n }),
  hang: () => new Promise<never>(() => undefined),
  slowEcho: ({ value, ms }) => new Promise((resolve) => setTimeout(() => resolve(value), ms)),
  waitForCancel: (_params, ctx) =>
    new Promise<never>((_resolve, reject) =>
      ctx.signal.addEventListener('abort', () => {
        aborted.push((ctx.signal.reason as DevlogError).message);
        reject(ctx.signal.reason);
      }),
    ),
};

interface Pair {
  client: Transport;
  server: Transport;
  cleanup(): Promise<void>;
}

/** Electron's MessagePortMain shape (EventEmitter, 'message' gives { data }), built on a Node port. */
function emitterPortFrom(port: NodeMessagePort): EmitterMessagePortLike {
  const emitter = new EventEmitter();
  port.on('message', (data) => emitter.emit('message', { data }));
  port.on('close', () => emitter.emit('close'));
  return {
    postMessage: (m) => port.postMessage(m),
    on: (event: string, listener: (...args: unknown[]) => void) => emitter.on(event, listener),
    start: () => port.start(),
    close: () => port.close(),
  } as EmitterMessagePortLike;
}

const transports: Record<string, () => Promise<Pair>> = {
  'in-process': async () => {
    const [client, server] = createInProcessPair();
    return { client, server, cleanup: async () => undefined };
  },
  'message-port (DOM shape, worker_threads)': async () => {
    const { port1, port2 } = new MessageChannel();
    return {
      client: fromDomMessagePort(port1 as never),
      server: fromDomMessagePort(port2 as never),
      cleanup: async () => {
        port1.close();
        port2.close();
      },
    };
  },
  'message-port (Electron MessagePortMain shape)': async () => {
    const { port1, port2 } = new MessageChannel();
    return {
      client: fromDomMessagePort(port1 as never),
      server: fromEmitterMessagePort(emitterPortFrom(port2)),
      cleanup: async () => {
        port1.close();
        port2.close();
      },
    };
  },
  websocket: async () => {
    const httpServer = http.createServer();
    const wss = new WebSocketServer({ server: httpServer });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    const { port } = httpServer.address() as AddressInfo;
    const serverSide = new Promise<Transport>((resolve) => wss.once('connection', (ws) => resolve(fromWebSocket(ws))));
    const socket = new WebSocket(`ws://127.0.0.1:${port}`);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return {
      client: fromWebSocket(socket),
      server: await serverSide,
      cleanup: async () => {
        socket.terminate();
        wss.close();
        await new Promise((resolve) => httpServer.close(resolve));
      },
    };
  },
};

describe.each(Object.entries(transports))('RPC contract over %s', (_name, makePair) => {
  let pair: Pair;
  let server: RpcServer<TestMethods, TestEvents>;
  let client: RpcClient<TestMethods, TestEvents>;

  async function setup(timeoutMs = 5000) {
    pair = await makePair();
    server = new RpcServer<TestMethods, TestEvents>(handlers);
    server.connect(pair.server);
    client = new RpcClient<TestMethods, TestEvents>(pair.client, { timeoutMs });
  }

  afterEach(async () => {
    client?.dispose();
    server?.dispose();
    await pair?.cleanup();
  });

  it('answers a call with its typed result', async () => {
    await setup();
    await expect(client.call('add', { a: 2, b: 40 })).resolves.toBe(42);
    await expect(client.call('now')).resolves.toBe('now');
  });

  it('keeps many concurrent calls apart', async () => {
    await setup();
    const calls = [30, 5, 20, 0, 10].map((ms, i) => client.call('slowEcho', { value: `v${i}`, ms }));
    await expect(Promise.all(calls)).resolves.toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
  });

  it('turns a thrown DevlogError into the same typed error for the caller', async () => {
    await setup();
    const err = await client.call('fail', { code: 'NOT_FOUND' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DevlogError);
    expect(err).toMatchObject({ code: ErrorCodes.NotFound, message: 'failed with NOT_FOUND', detail: 'field x' });
  });

  it('reports an unexpected exception as INTERNAL with its message', async () => {
    await setup();
    await expect(client.call('crash')).rejects.toMatchObject({ code: ErrorCodes.Internal, message: 'boom' });
  });

  it('rejects an unknown method with UNKNOWN_METHOD', async () => {
    await setup();
    const untyped = client as unknown as RpcClient<{ nope: { params: void; result: void } }, TestEvents>;
    await expect(untyped.call('nope')).rejects.toMatchObject({ code: ErrorCodes.UnknownMethod });
  });

  it('fails with an error, not a hang, when a result cannot cross the transport', async () => {
    await setup();
    await expect(client.call('unsendable')).rejects.toMatchObject({ code: ErrorCodes.Internal });
  });

  it('times out a call that is never answered', async () => {
    await setup(150);
    await expect(client.call('hang')).rejects.toMatchObject({ code: ErrorCodes.Timeout });
  });

  it('lets one long call wait longer than the client timeout (Export now), and still times out others', async () => {
    await setup(150);
    await expect(client.callWith({ timeoutMs: 0 }, 'slowEcho', { value: 'exported', ms: 400 })).resolves.toBe('exported');
    await expect(client.callWith({ timeoutMs: 1000 }, 'slowEcho', { value: 'later', ms: 400 })).resolves.toBe('later');
    await expect(client.call('slowEcho', { value: 'too late', ms: 400 })).rejects.toMatchObject({ code: ErrorCodes.Timeout });
  });

  it('pushes events to the client', async () => {
    await setup();
    await client.call('now'); // connection is live on every transport
    const received: number[] = [];
    const done = new Promise<void>((resolve) =>
      client.on('tick', ({ n }) => {
        received.push(n);
        if (received.length === 3) resolve();
      }),
    );
    server.emit('tick', { n: 1 });
    server.emit('tick', { n: 2 });
    server.emit('tick', { n: 3 });
    await done;
    expect(received).toEqual([1, 2, 3]);
  });

  it('cancels a call: the caller gets CANCELLED at once and the server aborts the work', async () => {
    await setup();
    aborted.length = 0;
    const controller = new AbortController();
    const call = client.callWith({ signal: controller.signal }, 'waitForCancel');
    await client.call('now');
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: ErrorCodes.Cancelled });
    await expect.poll(() => aborted).toEqual(['cancelled by the caller']);
    await expect(client.call('add', { a: 1, b: 1 })).resolves.toBe(2);
  });

  it('aborts the work of calls in flight when the caller goes away', async () => {
    await setup();
    aborted.length = 0;
    void client.call('waitForCancel').catch(() => undefined);
    await client.call('now');
    pair.client.close();
    await expect.poll(() => aborted).toEqual(['connection closed']);
  });

  it('rejects pending calls with DISCONNECTED when the connection closes', async () => {
    await setup();
    const pending = client.call('hang');
    await client.call('now');
    pair.server.close();
    await expect(pending).rejects.toMatchObject({ code: ErrorCodes.Disconnected });
    await expect(client.call('now')).rejects.toMatchObject({ code: ErrorCodes.Disconnected });
  });
});
