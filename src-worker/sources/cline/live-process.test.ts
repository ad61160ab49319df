/**
 * A real `devlog start` process with HOME pointing at a test folder: Cline tasks in VS Code's
 * default storage folder are collected at start, a task the extension rewrites while devlog runs
 * (and a new task folder) appear without a restart, and `devlog status` lists the Cline family
 * with their roots and counts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openReadableDb } from '../../store/database.js';
import { runCli, startCli, type RunningCli } from '../../testing/cli-process.js';
import { useTempHome } from '../../testing/temp-home.js';
import { apiHistory, writeTask } from './test-files.js';

async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('devlog start with Cline tasks (real process)', () => {
  const tempHome = useTempHome('devlog-cline-live-');
  const running: RunningCli[] = [];
  afterEach(async () => {
    for (const cli of running.splice(0)) await cli.stop();
  });

  it('collects a task at start, then its rewrites and new tasks live; status lists the agents with roots and counts', async () => {
    const work = tempHome();
    const storage = path.join(work, '.config', 'Code', 'User', 'globalStorage', 'saoudrizwan.claude-dev');
    const dir = writeTask(storage);
    // The task as it stood when devlog started: only the prompt so far.
    fs.writeFileSync(path.join(dir, 'api_conversation_history.json'), JSON.stringify(apiHistory().slice(0, 1)));
    const home = path.join(work, 'devlog');
    const env = { DEVLOG_HOME: home, HOME: work, XDG_CONFIG_HOME: '', CLINE_DIR: '' };
    const texts = () => {
      if (!fs.existsSync(path.join(home, 'devlog.db'))) return [];
      const db = openReadableDb(path.join(home, 'devlog.db'));
      try {
        return (db.prepare("SELECT text FROM messages WHERE session_id LIKE 'cline:%' ORDER BY session_id, ordinal").all() as { text: string }[]).map((r) => r.text);
      } finally {
        db.close();
      }
    };
    const cli = startCli(['start', '--port', '0'], env);
    running.push(cli);
    await cli.waitFor(/history synced; watching/);
    expect(texts()).toEqual(['Add a pause key to the snake game']);

    // Cline rewrites the whole file as the answer streams in.
    fs.writeFileSync(path.join(dir, 'api_conversation_history.json'), JSON.stringify(apiHistory()));
    await waitFor(() => texts().includes('I added a pause key on P.'), 'the rewritten task');

    writeTask(storage, '1769999999999');
    await waitFor(() => texts().length === 8, 'the new task folder');

    const status = await runCli(['status', '--json'], env);
    expect(status.code).toBe(0);
    const sources = (JSON.parse(status.stdout) as { sources: { agent: string; roots: { path: string; exists: boolean }[]; files: number }[] }).sources;
    const cline = sources.find((s) => s.agent === 'cline')!;
    expect(cline.files).toBe(7); // 3 files per task and the task list
    expect(cline.roots.find((r) => r.exists)!.path).toBe(storage);
    expect(sources.map((s) => s.agent)).toEqual(expect.arrayContaining(['roo-code', 'kilo-code', 'zoo-code', 'continue']));
  });
});
