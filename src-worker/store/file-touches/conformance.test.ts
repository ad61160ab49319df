/**
 * Files touched, read from the real Codex and Gemini CLI samples through their real parsers:
 * every file a sample's patches or write tools name is found, with the right action.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRolloutLines } from '../../sources/codex/rollout-parser.js';
import { codexFile, rawLinesOf } from '../../sources/codex/test-lines.js';
import { parseGemini } from '../../sources/gemini/test-files.js';
import type { NormalizedBatch } from '../../sources/types.js';
import { sharedFixtureFiles, sharedFixturesAvailable } from '../../testing/shared-fixtures.js';
import { extractFileTouches } from './extract.js';

const available = sharedFixturesAvailable();

function touches(batch: NormalizedBatch): string[] {
  return batch.toolCalls.flatMap((c) => extractFileTouches(c.name ?? '', c.input === undefined ? null : JSON.stringify(c.input)).map((t) => `${t.action} ${t.path}`));
}

describe.skipIf(!available)('file touches on the shared samples', () => {
  it('Codex: every file a patch updates or adds (apply_patch, or run through shell)', () => {
    let checked = 0;
    for (const file of sharedFixtureFiles('codex')) {
      const text = fs.readFileSync(file, 'utf8');
      const found = touches(parseRolloutLines(rawLinesOf(text), codexFile(`sessions/2025/01/01/${path.basename(file)}`), {}));
      // The oracle: the patch headers as they appear in the file's JSON-escaped text.
      for (const m of text.matchAll(/\*\*\* (Update|Add) File: (.+?)\\+n/g)) {
        expect(found, `${path.basename(file)}: ${m[2]}`).toContain(`${m[1] === 'Add' ? 'write' : 'edit'} ${m[2]}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(2);
  });

  it('Gemini CLI: every file write_file and replace name, and read_file reads', () => {
    let checked = 0;
    for (const file of sharedFixtureFiles('gemini')) {
      const text = fs.readFileSync(file, 'utf8');
      const found = touches(parseGemini(text, file.endsWith('.json') ? 'tmp/abc/chats/session-x.json' : undefined));
      for (const m of text.matchAll(/"name":\s*"(write_file|replace|read_file)",\s*"args":\s*\{[^{}]*?"file_path":\s*"([^"]+)"/g)) {
        const action = m[1] === 'write_file' ? 'write' : m[1] === 'replace' ? 'edit' : 'read';
        expect(found, `${path.basename(file)}: ${m[2]}`).toContain(`${action} ${m[2]}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(2);
  });
});
