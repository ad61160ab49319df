/** A Claude Code file with impossible token counts, collected by the real CLI into a real store. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assistantLine, usageOf, userLine } from '../sources/claude-code/test-support.js';
import { openReadableDb } from '../store/database.js';
import { runCli } from '../testing/cli-process.js';
import { useTempHome } from '../testing/temp-home.js';

describe('odd token counts in a collected file', () => {
  const tempHome = useTempHome('devlog-odd-tokens-');

  it('stores every other record of the file, and each problem names its line', async () => {
    const work = tempHome();
    const project = path.join(work, 'claude', 'projects', '-tmp-demo');
    fs.mkdirSync(project, { recursive: true });
    const reply = (n: number, tokens: string) => JSON.stringify(assistantLine(`a${n}`, [{ type: 'text', text: `reply ${n}` }], {}, { id: `msg_${n}`, usage: usageOf(0, 0) })).replace('"input_tokens":0', `"input_tokens":${tokens}`);
    const lines = [JSON.stringify(userLine('u1', 'hello')), reply(2, '1.5'), reply(3, '1e308'), reply(4, '-3'), reply(5, '12')];
    fs.writeFileSync(path.join(project, 's1.jsonl'), lines.join('\n') + '\n');

    const env = { DEVLOG_HOME: path.join(work, 'home'), HOME: work };
    const sync = await runCli(['sync', '--once', '--json', '--root', `claude-code=${path.join(work, 'claude')}`], env);
    expect(sync.code, sync.stderr).toBe(0);
    const db = openReadableDb(path.join(work, 'home', 'devlog.db'));
    try {
      expect(db.prepare('SELECT id FROM messages ORDER BY ordinal').pluck().all()).toEqual(['u1', 'a2', 'a3', 'a4', 'a5'].map((id) => `claude-code:${id}`));
      expect(db.prepare('SELECT input FROM usage ORDER BY key').pluck().all()).toEqual([0, 0, 0, 12]);
      expect(db.prepare('SELECT input_tokens FROM sessions').pluck().all()).toEqual([12]);
      const problems = db.prepare('SELECT path, line, reason FROM problems ORDER BY line').all() as { path: string; line: number; reason: string }[];
      expect(problems.map((p) => [p.line, p.reason.split(' is not')[0]])).toEqual([
        [2, 'message.usage.input_tokens: 1.5'],
        [3, 'message.usage.input_tokens: 1e+308'],
        [4, 'message.usage.input_tokens: -3'],
      ]);
      expect(problems.every((p) => p.path.endsWith('s1.jsonl'))).toBe(true);
    } finally {
      db.close();
    }
  });
});
