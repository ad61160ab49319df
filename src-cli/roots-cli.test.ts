import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src-worker/testing/cli-process.js';
import { useTempHome } from '../src-worker/testing/temp-home.js';

/** One Claude Code session with one user line, under ROOT/projects/. */
function writeSession(root: string): void {
  const project = path.join(root, 'projects', '-home-dev-app');
  fs.mkdirSync(project, { recursive: true });
  const line = { type: 'user', sessionId: 'tilde-1', uuid: 'tilde-u1', cwd: '/home/dev/app', timestamp: '2026-01-02T03:04:05.000Z', message: { role: 'user', content: 'hello' } };
  fs.writeFileSync(path.join(project, 'tilde-1.jsonl'), JSON.stringify(line) + '\n');
}

describe('agent roots given with ~ and roots that do not exist', () => {
  const tempDir = useTempHome('devlog-roots-');

  function dirs() {
    const dir = tempDir();
    const userHome = path.join(dir, 'user');
    fs.mkdirSync(userHome);
    const env = { DEVLOG_HOME: path.join(dir, 'devlog'), HOME: userHome, USERPROFILE: userHome };
    return { userHome, env, devlogHome: env.DEVLOG_HOME };
  }

  it('--root AGENT=~/x reads x in the home folder', async () => {
    const { userHome, env } = dirs();
    writeSession(path.join(userHome, 'old-laptop', '.claude'));
    const out = await runCli(['collect', '--json', '--root', 'claude-code=~/old-laptop/.claude'], env);
    expect(out.stderr).toBe('');
    expect(JSON.parse(out.stdout)).toMatchObject({ files: 1, sessions: 1 });
  });

  it('config.json roots expand ~, and a configured root that is missing is a problem in status', async () => {
    const { userHome, env, devlogHome } = dirs();
    writeSession(path.join(userHome, 'backup', '.claude'));
    fs.mkdirSync(devlogHome);
    const config = { version: 1, sources: { 'claude-code': { roots: ['~/backup/.claude'] }, codex: { roots: ['~/unmounted/codex'] } } };
    fs.writeFileSync(path.join(devlogHome, 'config.json'), JSON.stringify(config));
    const sync = await runCli(['collect', '--json'], env);
    expect(JSON.parse(sync.stdout)).toMatchObject({ files: 1, sessions: 1 });

    const status = await runCli(['status', '--json'], env);
    const sources = JSON.parse(status.stdout).sources as { agent: string; roots: { path: string; exists: boolean; problem?: string }[] }[];
    const codex = sources.find((s) => s.agent === 'codex')!;
    const missing = path.join(userHome, 'unmounted', 'codex');
    expect(codex.roots).toEqual([expect.objectContaining({ path: missing, exists: false, problem: `${missing}: folder not found, nothing is collected from it (config.json: sources.codex.roots)` })]);
    // Missing default roots (agents that are not installed) are not problems.
    expect(sources.find((s) => s.agent === 'gemini')!.roots.every((r) => !r.problem)).toBe(true);

    const text = await runCli(['status'], env);
    expect(text.stdout).toContain(`problem: ${missing}: folder not found`);
  });
});
