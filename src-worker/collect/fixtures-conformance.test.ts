import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SOURCE_ADAPTERS } from '../sources/registry.js';
import { openReadableDb } from '../store/database.js';
import { toRelPath } from './discover.js';
import { runCli } from '../testing/cli-process.js';
import { runCcusageDaily } from '../sources/claude-code/ccusage-harness.js';
import { layOutSharedFixtures as layOut, sharedFixturesAvailable } from '../testing/shared-fixtures.js';
import { storeDigest } from '../testing/store-snapshot.js';
import { useTempHome } from '../testing/temp-home.js';

const available = sharedFixturesAvailable();

function nonEmptyLines(file: string): number {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').length;
}

describe.skipIf(!available)('every shared fixture, through the real CLI and store', () => {
  const tempHome = useTempHome('devlog-fixtures-');

  it('ingests every fixture: each line is stored or reported with a reason, and a second sync adds nothing', async () => {
    const work = tempHome();
    const { roots, files } = layOut(work);
    const env = { DEVLOG_HOME: path.join(work, 'home'), HOME: work };
    const first = await runCli(['collect', '--json', ...roots], env);
    expect(first.code, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout) as { files: number; messages: number; problems: number };
    expect(summary.messages).toBeGreaterThan(1000);

    const dbPath = path.join(work, 'home', 'devlog.db');
    const db = openReadableDb(dbPath);
    try {
      const rows = db.prepare("SELECT id, agent, path, status, error FROM files").all() as { id: number; agent: string; path: string; status: string; error: string | null }[];
      expect(rows.filter((r) => r.status !== 'active')).toEqual([]);
      expect(rows.map((r) => r.agent).sort()).toEqual(expect.arrayContaining(['claude-code', 'codex', 'copilot-chat', 'cursor', 'gemini']));
      // An agent can have several roots (Cursor's editor folder and its transcripts, one per Aider repository).
      const agentRoots = roots.filter((r) => r.includes('=')).map((r) => [r.slice(0, r.indexOf('=')), r.slice(r.indexOf('=') + 1)] as const);
      const rootOf = (agent: string, file: string) => agentRoots.find(([a, dir]) => a === agent && file.startsWith(dir + path.sep))![1];
      const rawLines = db.prepare('SELECT coalesce(sum(line_count), 0) AS n FROM raw_records WHERE file_id = ?');
      for (const file of files) {
        const row = rows.find((r) => r.path === file);
        expect(row, `${file} was not collected`).toBeDefined();
        const kept = (rawLines.get(row!.id) as { n: number }).n;
        const adapter = SOURCE_ADAPTERS.find((a) => a.agent === row!.agent)!;
        const root = rootOf(row!.agent, file);
        const kind = adapter.handlerFor(toRelPath(root, file))!.kind;
        // Append-only files: every non-empty line is kept as a raw record (and, if unusable, a
        // problem). Rewritten files: the whole content is kept.
        if (kind === 'append') expect(kept, file).toBe(nonEmptyLines(file));
        else expect(kept, file).toBeGreaterThan(0);
      }
      const problems = db.prepare('SELECT path, line, reason FROM problems').all() as { path: string; line: number | null; reason: string }[];
      for (const p of problems) expect(p.reason.length, `${p.path}:${p.line}`).toBeGreaterThan(5);
      expect(summary.problems).toBe(problems.length);
    } finally {
      db.close();
    }

    const before = storeDigest(dbPath);
    const seqBefore = fs.statSync(dbPath).size;
    const second = await runCli(['collect', '--json', ...roots], env);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ records: 0, bytes: 0, problems: 0 });
    expect(storeDigest(dbPath)).toEqual(before);
    expect(seqBefore).toBeGreaterThan(0);
  });

  it('stores the same Claude Code token totals as ccusage 20 reports for the same files', async () => {
    const work = tempHome();
    const { roots } = layOut(work);
    const env = { DEVLOG_HOME: path.join(work, 'home'), HOME: work };
    const synced = await runCli(['collect', '--json', ...roots], env);
    expect(synced.code, synced.stderr).toBe(0);

    const totals = runCcusageDaily(path.join(work, 'claude'), work).totals;
    const reported = { inputTokens: totals.input, outputTokens: totals.output, cacheReadTokens: totals.cacheRead, cacheCreationTokens: totals.cacheCreation };

    const db = openReadableDb(path.join(work, 'home', 'devlog.db'));
    try {
      const ours = db
        .prepare(
          "SELECT sum(input_tokens) AS input, sum(output_tokens) AS output, sum(cache_read_tokens) AS cacheRead, sum(cache_creation_tokens) AS cacheCreation FROM sessions WHERE agent = 'claude-code'",
        )
        .get() as Record<string, number>;
      expect(ours).toEqual({
        input: reported.inputTokens,
        output: reported.outputTokens,
        cacheRead: reported.cacheReadTokens,
        cacheCreation: reported.cacheCreationTokens,
      });
      expect(ours.cacheRead).toBeGreaterThan(1_000_000);
    } finally {
      db.close();
    }
  });
});
