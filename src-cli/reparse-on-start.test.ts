// An upgrade in place: a store written by the previous release (parser version 1, which kept the
// FIRST copy of a streamed Claude response's usage, with its partial output count) is re-derived
// from its kept raw records the next time the engine starts, even when the agent's files are
// gone, and the corrected totals are what the user then sees.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSqlite } from '../src-worker/native.js';
import { assistantLine, usageOf, userLine } from '../src-worker/sources/claude-code/test-support.js';
import { runCli } from '../src-worker/testing/cli-process.js';
import { useTempHome } from '../src-worker/testing/temp-home.js';

const tempDir = useTempHome('devlog-reparse-start-');
const jsonl = (records: object[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('engine start with stored rows from an older parser', () => {
  it('re-derives them from the raw records although the agent files are gone', async () => {
    const dir = tempDir();
    const claude = path.join(dir, 'claude');
    const session = path.join(claude, 'projects', '-tmp-demo', 's1.jsonl');
    fs.mkdirSync(path.dirname(session), { recursive: true });
    // One streamed response written over two lines: the first copy's output count is partial.
    fs.writeFileSync(
      session,
      jsonl([
        userLine('u1', 'why is the build slow'),
        assistantLine('a1', [{ type: 'thinking', thinking: 'look at the cache' }], {}, { usage: usageOf(10, 3) }),
        assistantLine('a2', [{ type: 'text', text: 'The cache is cold.' }], { parentUuid: 'a1' }, { usage: usageOf(10, 250) }),
      ]),
    );
    const env = { DEVLOG_HOME: path.join(dir, 'devlog'), HOME: dir };
    const roots = ['--root', `claude-code=${claude}`];
    expect((await runCli(['collect', '--json', ...roots], env)).code).toBe(0);

    const dbPath = path.join(env.DEVLOG_HOME, 'devlog.db');
    const Database = loadSqlite();
    const before = new Database(dbPath, { readonly: true }).prepare('SELECT key, input, output FROM usage').all();
    expect(before).toEqual([expect.objectContaining({ input: 10, output: 250 })]);
    // What the previous release left: the first copy's counts, and files marked parser version 1.
    const db = new Database(dbPath);
    db.prepare('UPDATE usage SET output = 3').run();
    db.prepare('UPDATE sessions SET output_tokens = 3').run();
    db.prepare('UPDATE files SET parser_version = 1').run();
    db.close();
    fs.rmSync(claude, { recursive: true });

    const again = await runCli(['collect', '--json', ...roots], env);
    expect(again.code, again.stderr).toBe(0);
    const after = new Database(dbPath, { readonly: true });
    expect(after.prepare('SELECT key, input, output FROM usage').all()).toEqual(before);
    expect(after.prepare('SELECT DISTINCT parser_version FROM files').pluck().all()).toEqual([2]);
    expect(after.prepare('SELECT output_tokens FROM sessions').pluck().all()).toEqual([250]);
    expect(after.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(3);
    after.close();

    const stats = await runCli(['stats', '--json'], env);
    expect(JSON.parse(stats.stdout).total.tokens.output).toBe(250);

    const search = await runCli(['query', '--search', 'cache cold', '--json'], env);
    expect(JSON.parse(search.stdout).sessions).toHaveLength(1);
  });
});
