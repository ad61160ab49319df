/**
 * A real `devlog start` process with HOME pointing at a test folder: Cline tasks in VS Code's
 * default storage folder are collected at start, a task the extension rewrites while devlog runs
 * (and a new task folder) appear without a restart, and `devlog status` lists the Cline family
 * with their roots and counts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../testing/cli-process.js';
import { storeTexts, useStartedEngines } from '../../testing/started-engines.js';
import { until } from '../../testing/until.js';
import { apiHistory, writeTask } from './test-files.js';

describe('devlog start with Cline tasks (real process)', () => {
  const { tempHome, start } = useStartedEngines('devlog-cline-live-');

  it('collects a task at start, then its rewrites and new tasks live; status lists the agents with roots and counts', async () => {
    const work = tempHome();
    const storage = path.join(work, '.config', 'Code', 'User', 'globalStorage', 'saoudrizwan.claude-dev');
    const dir = writeTask(storage);
    // The task as it stood when devlog started: only the prompt so far.
    fs.writeFileSync(path.join(dir, 'api_conversation_history.json'), JSON.stringify(apiHistory().slice(0, 1)));
    const home = path.join(work, 'devlog');
    const env = { DEVLOG_HOME: home, HOME: work, XDG_CONFIG_HOME: '', CLINE_DIR: '' };
    const texts = () => storeTexts(home, "SELECT text FROM messages WHERE session_id LIKE 'cline:%' ORDER BY session_id, ordinal");
    await start([], env);
    expect(texts()).toEqual(['Add a pause key to the snake game']);

    // Cline rewrites the whole file as the answer streams in.
    fs.writeFileSync(path.join(dir, 'api_conversation_history.json'), JSON.stringify(apiHistory()));
    await until(() => texts().includes('I added a pause key on P.'), 'the rewritten task');

    writeTask(storage, '1769999999999');
    await until(() => texts().length === 8, 'the new task folder');

    const status = await runCli(['status', '--json'], env);
    expect(status.code).toBe(0);
    const sources = (JSON.parse(status.stdout) as { sources: { agent: string; roots: { path: string; exists: boolean }[]; files: number }[] }).sources;
    const cline = sources.find((s) => s.agent === 'cline')!;
    expect(cline.files).toBe(7); // 3 files per task and the task list
    expect(cline.roots.find((r) => r.exists)!.path).toBe(storage);
    expect(sources.map((s) => s.agent)).toEqual(expect.arrayContaining(['roo-code', 'kilo-code', 'zoo-code', 'continue']));
  });
});
