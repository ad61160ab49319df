import fs from 'node:fs';
import path from 'node:path';
import { claudeSession } from '../../testing/corpus/claude-code.js';
import { Random } from '../../testing/corpus/random.js';
import type { ReadableDb } from '../../store/database.js';

/**
 * Small, real Claude Code session files (the corpus generator's lines) in a CLAUDE_CONFIG_DIR
 * layout: `count` sessions per workspace. Returns the root to collect.
 */
export function writeClaudeSessions(root: string, workspaces: Record<string, number>, seed = 11, bytesPerSession = 3_000): string[] {
  const rng = new Random(seed);
  const ids: string[] = [];
  let i = 0;
  for (const [cwd, count] of Object.entries(workspaces)) {
    const dir = path.join(root, 'projects', cwd.replace(/[^a-zA-Z0-9]/g, '-'));
    fs.mkdirSync(dir, { recursive: true });
    for (let n = 0; n < count; n++, i++) {
      const sessionId = rng.uuid();
      const s = claudeSession(rng, { sessionId, cwd, targetBytes: bytesPerSession, startMs: Date.UTC(2026, 0, 1) + i * 60_000, withSubagent: false });
      fs.writeFileSync(path.join(dir, `${sessionId}.jsonl`), s.main);
      ids.push(`claude-code:${sessionId}`);
    }
  }
  return ids;
}

/** What the local store holds: session ids (optionally of some workspaces) and their message ids. */
export function localContent(db: ReadableDb, workspacePrefix?: string): { sessions: string[]; messages: string[] } {
  const where = workspacePrefix === undefined ? '' : 'WHERE s.workspace LIKE ?';
  const args = workspacePrefix === undefined ? [] : [`${workspacePrefix}%`];
  const sessions = (db.prepare(`SELECT s.id FROM sessions s ${where} ORDER BY s.id`).all(...args) as { id: string }[]).map((r) => r.id);
  const messages = (db.prepare(`SELECT m.id FROM messages m JOIN sessions s ON s.id = m.session_id ${where} ORDER BY m.id`).all(...args) as { id: string }[]).map((r) => r.id);
  return { sessions, messages };
}
