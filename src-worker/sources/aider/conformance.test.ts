/**
 * Every shared Aider history parses: each `# aider chat started at` header is one session, each
 * `> Tokens:` line one usage row with its counts, every line is kept raw, and parsing in
 * collector-sized pieces gives the same rows as one pass.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedFixtureFiles, sharedFixturesAvailable } from '../../testing/shared-fixtures.js';
import { parseAiderHistory } from './history-parser.js';
import { aiderFile, collectorLines } from './test-files.js';
import type { NormalizedBatch, ParserState } from '../types.js';

const available = sharedFixturesAvailable();
const files = available ? sharedFixtureFiles('aider').filter((f) => f.endsWith('.aider.chat.history.md')) : [];

function parseInPieces(text: string, linesPerPiece: number): NormalizedBatch[] {
  const lines = collectorLines(text);
  const state: ParserState = {};
  const out: NormalizedBatch[] = [];
  for (let i = 0; i < lines.length; i += linesPerPiece) out.push(parseAiderHistory(lines.slice(i, i + linesPerPiece), aiderFile('/home/u/repo'), state));
  return out;
}

/** `1.6k` → 1600, read independently of the adapter. */
const num = (s: string) => Math.round(parseFloat(s) * (s.endsWith('k') ? 1000 : s.endsWith('M') ? 1e6 : 1));

describe.skipIf(!available)('aider adapter on the shared samples', () => {
  it('has samples to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    const name = path.basename(file);
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();

    it(`${name}: one session per header, one usage row per Tokens line, every line raw`, () => {
      const [batch] = parseInPieces(text, Number.MAX_SAFE_INTEGER);
      const headers = lines.filter((l) => l.startsWith('# aider chat started at'));
      expect(new Set(batch!.sessions.map((s) => s.nativeId)).size).toBe(headers.length);
      const tokenLines = lines.filter((l) => l.startsWith('> Tokens:'));
      expect(batch!.usage.map((u) => [u.input, u.output])).toEqual(
        tokenLines.map((l) => {
          const m = /([\d.]+[kM]?) sent.*?([\d.]+[kM]?) received/.exec(l)!;
          return [num(m[1]!), num(m[2]!)];
        }),
      );
      expect(batch!.raw).toHaveLength(lines.filter((l) => l.trim() !== '').length);
      expect(batch!.problems).toEqual([]);
      const userRuns = lines.filter((l, i) => l.startsWith('####') && !lines[i - 1]?.startsWith('####')).length;
      expect(batch!.messages.filter((m) => m.role === 'user')).toHaveLength(userRuns);
      const ids = batch!.messages.map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
    });

    const inputHistory = file.replace(/\.aider\.chat\.history\.md$/, '.aider.input.history');
    // Both shared samples come with their input history.
    if (fs.existsSync(inputHistory)) it(`${name}: prompts take their times from the input history beside it, never going back`, () => {
      const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-aider-fixture-'));
      try {
        fs.copyFileSync(inputHistory, path.join(repo, '.aider.input.history'));
        const batch = parseAiderHistory(collectorLines(text), aiderFile(repo), {});
        const starts = new Map(batch.sessions.map((s) => [s.nativeId, s.startedAt]));
        const prompts = batch.messages.filter((m) => m.role === 'user');
        expect(prompts.filter((m) => m.time !== starts.get(m.sessionNativeId)).length).toBeGreaterThan(0);
        for (const [session] of starts) {
          const times = batch.messages.filter((m) => m.sessionNativeId === session).map((m) => m.time!);
          expect(times, session).toEqual([...times].sort());
        }
      } finally {
        fs.rmSync(repo, { recursive: true, force: true });
      }
    });

    it(`${name}: pieces of 256 lines give the same rows as one pass`, () => {
      const [whole] = parseInPieces(text, Number.MAX_SAFE_INTEGER);
      const pieces = parseInPieces(text, 256);
      const lastById = new Map(pieces.flatMap((b) => b.messages).map((m) => [m.id, m]));
      expect([...lastById.values()]).toEqual(whole!.messages);
      expect(pieces.flatMap((b) => b.usage)).toEqual(whole!.usage);
    });
  }
});
