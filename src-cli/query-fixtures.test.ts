import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionQueryResult, SessionSummary, SessionTranscript, StatsResult, TranscriptMessage } from '../src-shared/contract/index.js';
import { adapterFor } from '../src-worker/sources/registry.js';
import { openReadableDb } from '../src-worker/store/database.js';
import { runCli } from '../src-worker/testing/cli-process.js';
import { SHARED_FIXTURES, sharedFixturesAvailable } from '../src-worker/testing/shared-fixtures.js';

function makeWritable(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) makeWritable(p);
    else fs.chmodSync(p, 0o644);
  }
}

/**
 * query / show / stats on the real Claude Code fixtures, collected by `devlog collect` with
 * the real adapter (needs the CLI built: `npm run build:engine`).
 */
describe.skipIf(!sharedFixturesAvailable())('devlog query, show and stats on the Claude Code fixtures', () => {
  let home: string;
  let env: Record<string, string>;
  let sessions: SessionSummary[];

  const cli = (...args: string[]) => runCli(args, env);
  async function json<T>(...args: string[]): Promise<T> {
    const r = await cli(...args);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return JSON.parse(r.stdout) as T;
  }

  beforeAll(async () => {
    expect(adapterFor('claude-code'), 'the claude-code adapter must be registered in src-worker/sources/registry.ts').toBeDefined();
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-fixtures-'));
    // A config-dir root as Claude Code lays it out: projects/<project>/<session>.jsonl (+ subagents/).
    const project = path.join(home, 'claude', 'projects', '-fixtures');
    fs.cpSync(path.join(SHARED_FIXTURES, 'claude-code'), project, { recursive: true });
    makeWritable(project); // the shared fixtures are read-only, and so would be the copies
    const layout = path.join(project, 'agentsessions-subagent-layout');
    if (fs.existsSync(layout)) {
      fs.cpSync(layout, project, { recursive: true });
      fs.rmSync(layout, { recursive: true });
    }
    env = { DEVLOG_HOME: path.join(home, 'devlog'), TZ: 'UTC' };
    const sync = await cli('collect', '--json', '--root', `claude-code=${path.join(home, 'claude')}`);
    expect(sync.code, sync.stderr).toBe(0);
    sessions = (await json<SessionQueryResult>('query', '--json', '--limit', '10000')).sessions;
    expect(sessions.length).toBeGreaterThan(5);
  }, 60_000);
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  /** Words as the FTS tokenizer sees them: letters and digits, lower case, without diacritics. */
  const words = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

  it('a phrase that occurs in one fixture session finds exactly that session', async () => {
    // The oracle: every session's searchable text, read straight from the tables.
    const db = openReadableDb(path.join(env.DEVLOG_HOME!, 'devlog.db'));
    const texts = new Map<string, string>();
    const add = (sid: string, text: string | null) => texts.set(sid, `${texts.get(sid) ?? ''} | ${words(text ?? '').join(' ')}`);
    for (const m of db.prepare('SELECT session_id, text FROM messages').iterate() as Iterable<{ session_id: string; text: string }>) add(m.session_id, m.text);
    for (const t of db.prepare('SELECT session_id, name, input, result FROM tool_calls').iterate() as Iterable<Record<string, string>>) {
      add(t.session_id!, t.name!);
      add(t.session_id!, t.input ?? '');
      add(t.session_id!, t.result ?? '');
    }
    db.close();
    let checked = 0;
    for (const s of sessions) {
      const t = await json<SessionTranscript>('show', s.id, '--format', 'json');
      const prompt = t.entries.find((e): e is TranscriptMessage => e.type === 'message' && e.role === 'user' && !e.isMeta && words(e.text).length >= 6);
      if (!prompt) continue;
      const w = words(prompt.text);
      for (let i = 0; i + 4 <= w.length; i++) {
        const phrase = w.slice(i, i + 4).join(' ');
        const holders = [...texts].filter(([, text]) => text.includes(` ${phrase} `) || text.includes(` ${phrase}|`) || text.endsWith(` ${phrase}`));
        if (holders.length !== 1) continue;
        const found = await json<SessionQueryResult>('query', '--search', `"${phrase}"`, '--json');
        expect(found.sessions.map((x) => x.id), phrase).toEqual([s.id]);
        expect(found.sessions[0]!.snippets!.length).toBeGreaterThan(0);
        checked++;
        break;
      }
      if (checked >= 3) break;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('show lists the files a session edited, query --file finds it, and show says how to resume it', async () => {
    // The oracle, read from the fixture lines themselves: Edit/Write/MultiEdit calls and their session.
    const edited = new Map<string, Set<string>>(); // path -> native session ids
    for (const file of fs.readdirSync(path.join(SHARED_FIXTURES, 'claude-code')).filter((f) => f.endsWith('.jsonl'))) {
      for (const line of fs.readFileSync(path.join(SHARED_FIXTURES, 'claude-code', file), 'utf8').split('\n')) {
        let record: { sessionId?: string; message?: { content?: unknown } };
        try {
          record = JSON.parse(line) as typeof record;
        } catch {
          continue;
        }
        const blocks = Array.isArray(record.message?.content) ? (record.message.content as Array<Record<string, unknown>>) : [];
        for (const b of blocks) {
          const input = b.input as { file_path?: unknown } | undefined;
          if (b.type !== 'tool_use' || !['Edit', 'Write', 'MultiEdit'].includes(String(b.name)) || typeof input?.file_path !== 'string' || !record.sessionId) continue;
          if (!input.file_path.startsWith('/')) continue;
          edited.set(input.file_path, (edited.get(input.file_path) ?? new Set()).add(record.sessionId));
        }
      }
    }
    expect(edited.size, 'the Claude Code fixtures edit files').toBeGreaterThan(0);
    let checked = 0;
    for (const [file, natives] of [...edited].slice(0, 5)) {
      const found = await json<SessionQueryResult>('query', '--file', file, '--json', '--limit', '10000');
      const expected = [...natives].map((n) => `claude-code:${n}`).filter((id) => sessions.some((s) => s.id === id));
      expect(found.sessions.map((s) => s.id).sort(), file).toEqual(expected.sort());
      for (const id of expected) {
        const shown = await json<SessionTranscript & { files: Array<{ path: string; actions: string[] }> }>('show', id, '--format', 'json');
        const entry = shown.files.find((f) => f.path === file);
        expect(entry?.actions.some((a) => a === 'edit' || a === 'write'), `${id} lists ${file}`).toBe(true);
        const native = id.slice('claude-code:'.length);
        expect(shown.resumeCommand).toEqual({ command: `claude --resume ${native}`, cwd: shown.session.workspace });
        const text = (await cli('show', id)).stdout;
        expect(text).toContain(`claude --resume ${native}`);
        expect(text).toContain(file.replace(os.homedir(), '~'));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('filters combine: the result is the intersection of each filter alone', async () => {
    const counts = new Map<string, number>();
    for (const s of sessions) if (s.workspace) counts.set(s.workspace, (counts.get(s.workspace) ?? 0) + 1);
    const workspace = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    const times = sessions.map((s) => s.startedAt).filter((t): t is string => t !== null).sort();
    const since = times[Math.floor(times.length / 3)]!;
    const filters: string[][] = [['--workspace', workspace], ['--since', since], ['--model', 'opus'], ['--agent', 'claude-code'], ['--search', 'the']];
    const alone = await Promise.all(filters.map((f) => json<SessionQueryResult>('query', '--json', '--limit', '10000', ...f)));
    for (let a = 0; a < filters.length; a++) {
      for (let b = a + 1; b < filters.length; b++) {
        const both = await json<SessionQueryResult>('query', '--json', '--limit', '10000', ...filters[a]!, ...filters[b]!);
        const ids = new Set(alone[b]!.sessions.map((s) => s.id));
        const expected = alone[a]!.sessions.map((s) => s.id).filter((id) => ids.has(id)).sort();
        expect(both.sessions.map((s) => s.id).sort(), `${filters[a]!.join(' ')} ${filters[b]!.join(' ')}`).toEqual(expected);
      }
    }
    for (const s of alone[0]!.sessions) expect(s.workspace === workspace || s.workspace!.startsWith(`${workspace}/`)).toBe(true);
    for (const s of alone[1]!.sessions) expect((s.endedAt ?? s.startedAt)! >= since).toBe(true);
    for (const s of alone[2]!.sessions) expect(s.models.some((m) => m.includes('opus'))).toBe(true);
  });

  it('show --format md contains every user prompt, in order', async () => {
    const chatty = [...sessions].sort((a, b) => b.messageCount - a.messageCount).slice(0, 4);
    for (const s of chatty) {
      const t = await json<SessionTranscript>('show', s.id, '--format', 'json');
      const prompts = t.entries
        .filter((e): e is TranscriptMessage => e.type === 'message' && e.role === 'user' && e.kind === 'message' && !e.isMeta && !e.isSidechain)
        .map((m) => m.text.trim())
        .filter(Boolean);
      expect(prompts.length, s.id).toBeGreaterThan(0);
      const md = (await cli('show', s.id, '--format', 'md')).stdout;
      let at = 0;
      for (const prompt of prompts) {
        const found = md.indexOf(prompt, at);
        expect(found, `${s.id}: prompt missing or out of order: ${prompt.slice(0, 80)}`).toBeGreaterThanOrEqual(0);
        at = found + prompt.length;
      }
    }
  });

  it('stats --json totals (no time window) equal the sum over query --json', async () => {
    // Windows count each row at its own time (src-worker/query/stats-time.test.ts); without one,
    // every row of every session counts, and sessions are those with any activity.
    for (const args of [[], ['--by', 'model'], ['--agent', 'claude-code'], ['--workspace', '/Users/**']]) {
      const filter = args[0] === '--by' ? [] : args;
      const stats = await json<StatsResult>('stats', '--json', ...args);
      const listed = (await json<SessionQueryResult>('query', '--json', '--limit', '10000', ...filter)).sessions;
      const sum = (f: (s: SessionSummary) => number) => listed.reduce((a, s) => a + f(s), 0);
      const active = listed.filter((s) => s.messageCount + s.toolCallCount + s.tokens.input + s.tokens.output + s.tokens.cacheRead + s.tokens.cacheCreation > 0);
      expect(stats.total, args.join(' ')).toMatchObject({
        sessions: active.length,
        messages: sum((s) => s.messageCount),
        toolCalls: sum((s) => s.toolCallCount),
        tokens: {
          input: sum((s) => s.tokens.input),
          output: sum((s) => s.tokens.output),
          cacheRead: sum((s) => s.tokens.cacheRead),
          cacheCreation: sum((s) => s.tokens.cacheCreation),
          reasoning: sum((s) => s.tokens.reasoning),
        },
      });
    }
  });
});
