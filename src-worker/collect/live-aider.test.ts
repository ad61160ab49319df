/**
 * `devlog start` as a real process: a new Aider session appended to a history file it already
 * collected appears without a restart, and so does the history of a repository first named by
 * another agent's session while it runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli-process.js';
import { storeTexts, useStartedEngines } from '../testing/started-engines.js';
import { until } from '../testing/until.js';

function claudeLine(sessionId: string, cwd: string, text: string): string {
  return JSON.stringify({ parentUuid: null, isSidechain: false, userType: 'external', cwd, sessionId, version: '2.1.14', type: 'user', message: { role: 'user', content: text }, uuid: `${sessionId}-u1`, timestamp: new Date().toISOString() }) + '\n';
}

const aiderSession = (stamp: string, prompt: string) => `\n# aider chat started at ${stamp}\n\n> Aider v0.86.1  \n> Main model: gpt-4o with diff edit format  \n\n#### ${prompt}  \n\nDone.\n\n> Tokens: 2.0k sent, 150 received.  \n`;

describe('devlog start: Aider live', () => {
  const { tempHome, start } = useStartedEngines('devlog-aider-live-');

  it('collects a session appended to a known history file, and the history of a repository first seen live', async () => {
    const work = tempHome();
    const claude = path.join(work, 'claude');
    const project = path.join(claude, 'projects', '-shop');
    const shop = path.join(work, 'src', 'shop');
    const blog = path.join(work, 'src', 'blog');
    for (const dir of [project, path.join(shop, '.git'), path.join(blog, '.git')]) fs.mkdirSync(dir, { recursive: true });
    const home = path.join(work, 'devlog');
    const prompts = () => storeTexts(home, "SELECT m.text FROM messages m JOIN sessions s ON s.id = m.session_id WHERE s.agent = 'aider' AND m.role = 'user' ORDER BY m.text");

    fs.writeFileSync(path.join(project, 's1.jsonl'), claudeLine('s1', shop, 'fix the header'));
    const history = path.join(shop, '.aider.chat.history.md');
    fs.writeFileSync(history, aiderSession('2025-10-23 17:04:56', 'first aider prompt'));
    await start(['--root', `claude-code=${claude}`], { DEVLOG_HOME: home, HOME: work, USERPROFILE: work });
    await until(() => prompts().length === 1, 'the aider history');
    // Status lists Aider with the repository it found as a watched root, and its counts.
    const status = JSON.parse((await runCli(['status', '--json'], { DEVLOG_HOME: home, HOME: work, USERPROFILE: work })).stdout) as {
      sources: { agent: string; roots: { path: string; exists: boolean; watchMode: string }[]; files: number; records: number }[];
    };
    const aider = status.sources.find((s) => s.agent === 'aider')!;
    expect(aider.roots).toContainEqual(expect.objectContaining({ path: shop, exists: true, watchMode: expect.stringMatching(/native|polling/) }));
    expect(aider).toMatchObject({ files: 1 });
    expect(aider.records).toBeGreaterThan(0);
    expect(status.sources.map((s) => s.agent)).toContain('opencode');

    fs.appendFileSync(history, aiderSession('2025-10-24 09:00:00', 'second aider prompt'));
    await until(() => prompts().includes('second aider prompt'), 'the appended aider session');

    // A Claude session in another repository names it while the engine runs: its Aider history follows.
    fs.writeFileSync(path.join(blog, '.aider.chat.history.md'), aiderSession('2025-10-25 10:00:00', 'blog aider prompt'));
    fs.writeFileSync(path.join(project, 's2.jsonl'), claudeLine('s2', blog, 'write a post'));
    await until(() => prompts().includes('blog aider prompt'), 'the new repository');
    expect(prompts()).toEqual(['blog aider prompt', 'first aider prompt', 'second aider prompt']);
  });

  it('collect finds the history too, and status without an engine lists the repository as Aider root', async () => {
    const work = tempHome();
    const project = path.join(work, 'claude', 'projects', '-shop');
    const shop = path.join(work, 'src', 'shop');
    for (const dir of [project, path.join(shop, '.git')]) fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(project, 's1.jsonl'), claudeLine('s1', shop, 'fix the header'));
    fs.writeFileSync(path.join(shop, '.aider.chat.history.md'), aiderSession('2025-10-23 17:04:56', 'first aider prompt'));
    const env = { DEVLOG_HOME: path.join(work, 'devlog'), HOME: work, USERPROFILE: work };
    const collected = await runCli(['collect', '--json', '--root', `claude-code=${path.join(work, 'claude')}`], env);
    expect(JSON.parse(collected.stdout)).toMatchObject({ files: 2, sessions: 2 });
    const status = JSON.parse((await runCli(['status', '--json'], env)).stdout) as { running: boolean; sources: { agent: string; roots: { path: string }[]; files: number }[] };
    expect(status.running).toBe(false);
    expect(status.sources.find((s) => s.agent === 'aider')).toMatchObject({ files: 1, roots: [expect.objectContaining({ path: shop, exists: true })] });
  });
});
