import fs from 'node:fs';
import path from 'node:path';
import { writeClaudeSessions } from '../../src-worker/export/testing/local-sessions.js';
import { codexRollout } from '../../src-worker/testing/corpus/codex.js';
import { Random } from '../../src-worker/testing/corpus/random.js';

/** Claude Code sessions in their default place under a test's HOME (~/.claude/projects/...), `count` per workspace. */
export function writeClaudeFixtures(userHome: string, workspaces: Record<string, number>, seed: number): string[] {
  return writeClaudeSessions(path.join(userHome, '.claude'), workspaces, seed);
}

/** Codex CLI rollouts in their default place (~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl). */
export function writeCodexFixtures(userHome: string, cwd: string, count: number, seed: number): void {
  const rng = new Random(seed);
  for (let i = 0; i < count; i++) {
    const day = new Date(Date.UTC(2026, 0, 2 + i));
    const dir = path.join(userHome, '.codex', 'sessions', '2026', '01', String(2 + i).padStart(2, '0'));
    fs.mkdirSync(dir, { recursive: true });
    const threadId = rng.uuid();
    const text = codexRollout(rng, { threadId, cwd, targetBytes: 4_000, startMs: day.getTime() });
    fs.writeFileSync(path.join(dir, `rollout-${day.toISOString().slice(0, 19).replace(/:/g, '-')}-${threadId}.jsonl`), text);
  }
}
