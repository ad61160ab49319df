import fs from 'node:fs';
import path from 'node:path';
import { claudeSession } from './claude-code.js';
import { codexRollout } from './codex.js';
import { Random } from './random.js';

export interface CorpusOptions {
  /** Output folder; gets claude/ (a CLAUDE_CONFIG_DIR) and codex/ (a CODEX_HOME). */
  dir: string;
  /** Approximate total size in MB. */
  sizeMb: number;
  seed?: number;
  projects?: number;
  /** Share of bytes that goes to Codex rollouts (the rest is Claude Code). */
  codexShare?: number;
}

export interface CorpusInfo {
  claudeRoot: string;
  codexRoot: string;
  files: number;
  bytes: number;
}

const START = Date.UTC(2026, 5, 1);

/**
 * A deterministic, realistic corpus: Claude Code projects with ~2,000 session files at 300 MB
 * (lines from 300 B to 40 KB; text, thinking, tool_use and tool_result; responses split over
 * lines with repeated usage; subagent files) plus Codex CLI rollouts.
 */
export function generateCorpus(options: CorpusOptions): CorpusInfo {
  const rng = new Random(options.seed ?? 42);
  const claudeRoot = path.join(options.dir, 'claude');
  const codexRoot = path.join(options.dir, 'codex');
  const totalBytes = options.sizeMb * 1024 * 1024;
  const codexBytes = totalBytes * (options.codexShare ?? 0.1);
  const projects = options.projects ?? 50;
  const sessionBytes = 140 * 1024;
  let files = 0;
  let bytes = 0;

  for (let i = 0; bytes < totalBytes - codexBytes; i++) {
    const project = i % projects;
    const cwd = `/home/dev/src/project-${project}`;
    const dir = path.join(claudeRoot, 'projects', cwd.replace(/[^a-zA-Z0-9]/g, '-'));
    fs.mkdirSync(dir, { recursive: true });
    const sessionId = rng.uuid();
    const target = Math.min(totalBytes - codexBytes - bytes, rng.int(sessionBytes / 4, sessionBytes * 1.75));
    const session = claudeSession(rng, { sessionId, cwd, targetBytes: target, startMs: START + i * 3_600_000, withSubagent: rng.chance(0.15) });
    fs.writeFileSync(path.join(dir, `${sessionId}.jsonl`), session.main);
    files++;
    bytes += session.main.length;
    if (session.subagent) {
      const subDir = path.join(dir, sessionId, 'subagents');
      fs.mkdirSync(subDir, { recursive: true });
      fs.writeFileSync(path.join(subDir, `agent-${session.subagent.agentId}.jsonl`), session.subagent.text);
      files++;
      bytes += session.subagent.text.length;
    }
  }

  for (let i = 0; bytes < totalBytes; i++) {
    const day = new Date(START + i * 86_400_000);
    const dir = path.join(codexRoot, 'sessions', String(day.getUTCFullYear()), String(day.getUTCMonth() + 1).padStart(2, '0'), String(day.getUTCDate()).padStart(2, '0'));
    fs.mkdirSync(dir, { recursive: true });
    const threadId = rng.uuid();
    const text = codexRollout(rng, { threadId, cwd: `/home/dev/src/project-${i % projects}`, targetBytes: rng.int(50_000, 400_000), startMs: day.getTime() });
    fs.writeFileSync(path.join(dir, `rollout-${day.toISOString().slice(0, 19).replace(/:/g, '-')}-${threadId}.jsonl`), text);
    files++;
    bytes += text.length;
  }
  return { claudeRoot, codexRoot, files, bytes };
}

/** One very large Claude Code session file (the 600 MB single-file case). */
export function generateSingleLargeSession(file: string, sizeMb: number, seed = 7): number {
  const rng = new Random(seed);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  const sessionId = path.basename(file, '.jsonl');
  try {
    for (let part = 0; bytes < sizeMb * 1024 * 1024; part++) {
      const chunk = claudeSession(rng, { sessionId, cwd: '/home/dev/src/monorepo', targetBytes: 4 * 1024 * 1024, startMs: START + part * 3_600_000, withSubagent: false });
      fs.writeSync(fd, chunk.main);
      bytes += chunk.main.length;
    }
  } finally {
    fs.closeSync(fd);
  }
  return bytes;
}
