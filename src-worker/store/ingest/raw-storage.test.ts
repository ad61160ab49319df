import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentId } from '../../../src-shared/domain.js';
import { Collector } from '../../collect/collector.js';
import { Engine } from '../../engine.js';
import { queueReparse, Reparser } from '../../reparse/reparser.js';
import { copilotChatAdapter } from '../../sources/copilot-chat/index.js';
import { geminiAdapter } from '../../sources/gemini/index.js';
import type { SourceAdapter } from '../../sources/types.js';
import { useTempHome } from '../../testing/temp-home.js';
import { rawBytes } from './raw-store.js';

const SAVES = 60;
const WORDS = 'the a build test fails because cache config module import path error retry timeout worker queue index schema migration parser token usage session message file line offset cursor commit branch merge review deploy'.split(' ');

/** Deterministic prose (an LCG over a word list), so compression is realistic, not trivial. */
function prose(seed: number, words: number): string {
  let x = seed * 7919 + 17;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(WORDS[x % WORDS.length]! + (x % 13 === 0 ? ` ${x.toString(36)}` : ''));
  }
  return out.join(' ');
}

/** A Gemini CLI legacy session after `n` saves: one message more each save, lastUpdated moves. */
function geminiSession(n: number): string {
  const messages = Array.from({ length: n }, (_, i) =>
    i % 2 === 0
      ? { id: `m${i}`, timestamp: new Date(Date.UTC(2026, 3, 23, 12, 0, i)).toISOString(), type: 'user', content: [{ text: prose(i, 40) }] }
      : {
          id: `m${i}`,
          timestamp: new Date(Date.UTC(2026, 3, 23, 12, 0, i)).toISOString(),
          type: 'gemini',
          content: prose(i, 120),
          model: 'gemini-2.5-pro',
          tokens: { input: 1000 + i, output: 100 + i, cached: 0, thoughts: 0, tool: 0, total: 1100 + 2 * i },
        },
  );
  const doc = { sessionId: 'g-1', projectHash: 'p'.repeat(64), startTime: '2026-04-23T12:00:00.000Z', lastUpdated: new Date(Date.UTC(2026, 3, 23, 12, 0, n)).toISOString(), messages };
  return JSON.stringify(doc, null, 2);
}

/**
 * A VS Code Copilot Chat session after `n` saves: every other save starts a request whose
 * response is still streaming, the next save completes it (so records change, not only grow).
 */
function copilotSession(n: number): string {
  const requests = Array.from({ length: Math.ceil(n / 2) }, (_, i) => {
    const streaming = n % 2 === 1 && i === Math.ceil(n / 2) - 1;
    const answer = prose(1000 + i, streaming ? 30 : 150);
    return {
      requestId: `request_${i}`,
      timestamp: 1_760_000_000_000 + i * 60_000,
      modelId: 'copilot/claude-sonnet-4',
      message: { text: prose(i, 35), parts: [] },
      response: [{ value: answer, supportThemeIcons: false }],
      ...(streaming ? {} : { result: { timings: { totalElapsed: 5000 }, usage: { promptTokens: 1000 + i, completionTokens: 50 + i } } }),
    };
  });
  const doc = { version: 3, requesterUsername: 'me', responderUsername: 'GitHub Copilot', sessionId: 'c-1', creationDate: 1_760_000_000_000, lastMessageDate: 1_760_000_000_000 + n * 30_000, requests };
  return JSON.stringify(doc, null, 2);
}

/** The same session as VS Code 1.109+ writes it: an operation log, one request pushed per save (one line broken). */
function copilotLog(n: number): string {
  const lines: unknown[] = [{ kind: 0, v: { version: 3, requesterUsername: 'me', sessionId: 'c-2', creationDate: 1_760_000_000_000, requests: [] } }];
  for (let i = 0; i < n; i++) {
    if (i === 10) lines.push('{"kind":2,"k":["requests"],"v":[{"requestId":'); // a torn write VS Code left behind
    lines.push({ kind: 2, k: ['requests'], v: [{ requestId: `request_${i}`, timestamp: 1_760_000_000_000 + i * 60_000, message: { text: prose(i, 35) }, response: [{ value: prose(1000 + i, 150) }] }] });
  }
  return lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
}

describe('raw records of files rewritten whole cost their content, not content x saves', () => {
  const tempHome = useTempHome('devlog-raw-');
  const engines: Engine[] = [];
  afterEach(() => {
    for (const e of engines.splice(0)) e.dispose();
  });

  async function saveAndCollect(agent: AgentId, adapter: SourceAdapter, relPath: string, content: (n: number) => string, setup?: (root: string) => void) {
    const work = tempHome();
    const root = path.join(work, 'root');
    const file = path.join(root, relPath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    setup?.(root);
    const engine = Engine.open({ home: path.join(work, 'devlog') });
    engines.push(engine);
    const collector = new Collector(engine, {
      readOn: 'inline',
      adapters: [adapter],
      platform: { platform: process.platform, home: os.homedir(), env: {} },
      rootOverrides: new Map([[agent, [root]]]),
    });
    let snapshots = 0;
    try {
      for (let n = 1; n <= SAVES; n++) {
        const text = content(n);
        fs.writeFileSync(file, text);
        snapshots += zlib.deflateRawSync(text, { level: 1 }).length;
        await collector.collectOnce();
      }
    } finally {
      collector.dispose();
    }
    return { engine, finalBytes: fs.statSync(file).size, snapshots, file };
  }

  async function expectLinear(agent: AgentId, adapter: SourceAdapter, relPath: string, content: (n: number) => string, messages: number, setup?: (root: string) => void) {
    const { engine, finalBytes, snapshots, file } = await saveAndCollect(agent, adapter, relPath, content, setup);
    const problems = () => engine.db.prepare('SELECT line, reason FROM problems ORDER BY id').all();
    const problemsBefore = problems();
    const stored = rawBytes(engine.db);
    // One compressed snapshot per save (what was stored before) would cost this much:
    expect(snapshots, 'the scenario must be one where snapshots grow with the square').toBeGreaterThan(5 * finalBytes);
    expect(stored, `${agent}: ${stored} raw bytes stored for a final file of ${finalBytes} bytes`).toBeLessThanOrEqual(2 * finalBytes);
    expect(engine.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(messages);

    // What is kept re-derives every row: with the file gone, a re-derivation changes nothing.
    fs.rmSync(file);
    queueReparse(engine.db, [adapter], { all: true });
    const progress = await new Reparser(engine.db, engine.seq, [adapter]).run();
    expect(progress).toMatchObject({ filesDone: 1, failed: 0, messagesChanged: 0, rowsRemoved: 0 });
    expect(engine.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(messages);
    expect(problems()).toEqual(problemsBefore);
    return { stored, finalBytes, problems: problemsBefore };
  }

  it('Gemini legacy JSON: 60 saves of a growing session', async () => {
    await expectLinear('gemini', geminiAdapter, `tmp/${'p'.repeat(64)}/chats/session-2026-04-23T12-00-g1.json`, geminiSession, SAVES);
  });

  it('Copilot Chat session JSON: 60 saves, the last request rewritten while it streams', async () => {
    await expectLinear('copilot-chat', copilotChatAdapter, 'workspaceStorage/ws1/chatSessions/c-1.json', copilotSession, SAVES, (root) =>
      fs.writeFileSync(path.join(root, 'workspaceStorage', 'ws1', 'workspace.json'), JSON.stringify({ folder: 'file:///home/me/app' })),
    );
  });

  it('Copilot Chat operation log (.jsonl): 60 saves; its lines are the records, so a broken line is reported again after re-deriving', async () => {
    const { problems } = await expectLinear('copilot-chat', copilotChatAdapter, 'workspaceStorage/ws1/chatSessions/c-2.jsonl', copilotLog, SAVES * 2);
    expect(problems).toEqual([{ line: 12, reason: expect.stringContaining('JSON') }]);
  });
});
