// Files that must not stop collection: FIFOs where a session file would be (opening one for
// reading blocks until a writer appears), and single lines too long to hold in memory.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../engine.js';
import { assistantLine, userLine } from '../sources/claude-code/test-support.js';
import { SOURCE_ADAPTERS } from '../sources/registry.js';
import { emptyBatch, type AppendHandler } from '../sources/types.js';
import { useTempHome } from '../testing/temp-home.js';
import { until } from '../testing/until.js';
import { Collector } from './collector.js';
import { readAppendFile } from './read-append.js';
import type { ReadPiece } from './read-types.js';

const tempDir = useTempHome('devlog-special-');
const open: { engine: Engine; collector: Collector }[] = [];
afterEach(() => {
  for (const { engine } of open.splice(0)) engine.dispose();
});

const jsonl = (records: object[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('special files', () => {
  it('skips a FIFO in an agent folder, at startup and when one appears live, and keeps collecting', async () => {
    const dir = tempDir();
    const claude = path.join(dir, 'claude');
    const project = path.join(claude, 'projects', '-tmp-demo');
    fs.mkdirSync(project, { recursive: true });
    execFileSync('mkfifo', [path.join(project, 'early.jsonl')]);
    const engine = Engine.open({ home: path.join(dir, 'devlog') });
    const collector = engine.register(
      new Collector(engine, {
        adapters: SOURCE_ADAPTERS,
        platform: { platform: process.platform, home: dir, env: {} },
        rootOverrides: new Map([['claude-code', [claude]]]),
        coalesceMs: 10,
        readOn: 'thread',
      }),
    );
    open.push({ engine, collector });
    await collector.start();

    execFileSync('mkfifo', [path.join(project, 'live.jsonl')]);
    fs.writeFileSync(path.join(project, 's1.jsonl'), jsonl([userLine('u1', 'hello'), assistantLine('a1', [{ type: 'text', text: 'hi' }])]));
    await until(() => engine.status().store.messages === 2, 'the regular session to be collected');

    const problems = () => engine.status().sources.find((s) => s.agent === 'claude-code')!.problems.map((p) => `${path.basename(p.file)}: ${p.message}`);
    await until(() => problems().some((p) => p.startsWith('live.jsonl')), 'a problem for the live FIFO');
    expect(problems()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^early\.jsonl: .*not a regular file \(FIFO\)/), expect.stringMatching(/^live\.jsonl: .*FIFO.*skipped/)]),
    );
  });

  it('reports a line longer than the limit with its number and reads the lines around it', async () => {
    const file = path.join(tempDir(), 'long.jsonl');
    const big = JSON.stringify({ id: 'big', text: 'x'.repeat(3 * 1024 * 1024) });
    fs.writeFileSync(file, ['{"id":"a"}', big, '{"id":"b"}'].join('\n') + '\n');
    const seen: string[] = [];
    const handler: AppendHandler = {
      kind: 'append',
      parseLines(lines) {
        seen.push(...lines.map((l) => `${l.line}:${l.text.length}`));
        return emptyBatch();
      },
    };
    const pieces: ReadPiece[] = [];
    const row = { id: 1, ino: null, fingerprint: null, offset: 0, lineNo: 0, contentHash: null, parserState: {} };
    const ctx = { agent: 'claude-code' as const, path: file, relPath: 'long.jsonl', root: path.dirname(file) };
    await readAppendFile(row, ctx, handler, { emit: (p) => pieces.push(p), startAtEnd: false }, 1024 * 1024);

    expect(seen).toEqual(['1:10', '3:10']);
    const problems = pieces.flatMap((p) => p.batch?.problems ?? []);
    expect(problems).toEqual([expect.objectContaining({ line: 2, reason: expect.stringMatching(/^line 2 is 3145\d{3} bytes, longer than the limit of 1048576 bytes: skipped$/) })]);
    expect(pieces[pieces.length - 1]!.cursor.offset).toBe(fs.statSync(file).size);
  });
});
