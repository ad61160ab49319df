// The desktop worker entry, run in Node as Electron's utilityProcess would run it (a stand-in
// parentPort, ports shaped like MessagePortMain): it must collect like `devlog start` does.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EngineStatus } from '../src-shared/contract/index.js';
import { AGENT_IDS } from '../src-shared/domain.js';
import { WORKER_EXIT_PERMANENT } from '../src-shared/worker-control.js';
import { loadSqlite } from './native.js';
import { assistantLine, userLine } from './sources/claude-code/test-support.js';
import { assertBuilt, REPO_ROOT } from './testing/cli-process.js';
import { JsonLinesChild } from './testing/json-lines-child.js';
import { useTempHome } from './testing/temp-home.js';

const tempDir = useTempHome('devlog-utility-');
const ENTRY = path.join(REPO_ROOT, 'dist', 'worker', 'entry-utility.mjs');
let harness: string;
const children: JsonLinesChild[] = [];

beforeAll(async () => {
  assertBuilt();
  if (!fs.existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\``);
  harness = path.join(REPO_ROOT, 'artifacts', 'test-harness', 'utility-harness.mjs');
  await build({ entryPoints: [path.join(REPO_ROOT, 'src-worker/testing/utility-harness.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: harness, logLevel: 'warning' });
});

afterEach(() => {
  for (const c of children.splice(0)) c.kill();
});

const jsonl = (records: object[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

function setup() {
  const dir = tempDir();
  const claude = path.join(dir, 'claude');
  const session = path.join(claude, 'projects', '-tmp-demo', 's1.jsonl');
  fs.mkdirSync(path.dirname(session), { recursive: true });
  fs.writeFileSync(session, jsonl([userLine('u1', 'find the flaky test'), assistantLine('a1', [{ type: 'text', text: 'It is the retry loop.' }])]));
  const home = path.join(dir, 'devlog');
  fs.mkdirSync(home);
  // Only this Claude Code root: the machine's real agent folders stay out of the test.
  const sources = Object.fromEntries(AGENT_IDS.map((a) => [a, a === 'claude-code' ? { roots: [claude] } : { enabled: false }]));
  fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ version: 1, sources }));
  const env = { ...process.env, HOME: dir, DEVLOG_HOME: home, DEVLOG_TEST_ENTRY: ENTRY };
  const child = new JsonLinesChild(process.execPath, [harness], env);
  children.push(child);
  return { child, session, env };
}

async function statusWhen(child: JsonLinesChild, ok: (s: EngineStatus) => boolean): Promise<EngineStatus> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    child.send({ call: 'status.get' });
    const answer = await child.next((m) => m.call === 'status.get');
    const status = answer.result as EngineStatus;
    if (ok(status)) return status;
    if (Date.now() > deadline) throw new Error(`status never matched; last: ${JSON.stringify({ state: status.state, store: status.store })}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('desktop worker entry (utilityProcess) in Node', () => {
  it('says ready, collects a session, answers status over the port, and follows appends live', async () => {
    const { child, session } = setup();
    const ready = await child.next((m) => m.kind === 'control');
    expect(ready.message).toMatchObject({ type: 'ready', pid: expect.any(Number) });

    const synced = await statusWhen(child, (s) => s.state === 'live' && s.store.sessions === 1);
    expect(synced.store.messages).toBe(2);
    const claude = synced.sources.find((s) => s.agent === 'claude-code')!;
    expect(claude.roots[0]).toMatchObject({ exists: true, watchMode: expect.stringMatching(/native|polling/) });
    expect(claude.files).toBe(1);

    fs.appendFileSync(session, jsonl([userLine('u2', 'and now the second question', { parentUuid: 'a1' })]));
    await statusWhen(child, (s) => s.store.messages === 3);
  });

  it('says once that the store is from a newer devlog, as a permanent failure main does not retry', async () => {
    const { child, env } = setup();
    await child.next((m) => m.kind === 'control');
    child.send({ shutdown: true });
    await child.exited;
    // The same store, as a newer devlog would leave it.
    const db = new (loadSqlite())(path.join(env.DEVLOG_HOME, 'devlog.db'));
    db.pragma('user_version = 99');
    db.close();
    const again = new JsonLinesChild(process.execPath, [harness], env);
    children.push(again);
    const fatal = await again.next((m) => m.kind === 'control');
    expect(fatal.message).toMatchObject({ type: 'fatal', code: 'STORE_TOO_NEW', message: expect.stringMatching(/^the store was written by a newer devlog \(schema 99, .*\); update devlog$/) });
    expect(await again.exited).toBe(WORKER_EXIT_PERMANENT);
  });

  it('pauses and resumes collection over RPC; paused, nothing is collected, and nothing is lost', async () => {
    const { child, session } = setup();
    await statusWhen(child, (s) => s.state === 'live' && s.store.messages === 2);
    child.send({ call: 'engine.pause' });
    const paused = (await child.next((m) => m.call === 'engine.pause')).result as EngineStatus;
    expect(paused).toMatchObject({ state: 'paused', paused: true });

    fs.appendFileSync(session, jsonl([userLine('u2', 'written while paused', { parentUuid: 'a1' })]));
    await new Promise((r) => setTimeout(r, 600));
    expect((await statusWhen(child, () => true)).store.messages).toBe(2);

    child.send({ call: 'engine.resume' });
    expect(((await child.next((m) => m.call === 'engine.resume')).result as EngineStatus).paused).toBe(false);
    await statusWhen(child, (s) => s.state === 'live' && s.store.messages === 3);

    child.send({ shutdown: true });
    expect(await child.exited).toBe(0);
  });
});
