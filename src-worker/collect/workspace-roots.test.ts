/**
 * Agents that write into each project (Aider): the collector finds their files in the workspaces
 * other agents' sessions name (and the git root above them), with real files and a real store.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aiderAdapter } from '../sources/aider/index.js';
import { claudeCodeAdapter } from '../sources/claude-code/index.js';
import { useTestCollectors } from '../testing/test-collectors.js';
import { gitRootOf, workspaceRoots } from './workspace-roots.js';

function claudeLine(sessionId: string, cwd: string, text: string): string {
  return JSON.stringify({ parentUuid: null, isSidechain: false, userType: 'external', cwd, sessionId, version: '2.1.14', type: 'user', message: { role: 'user', content: text }, uuid: `${sessionId}-u1`, timestamp: '2026-11-01T10:00:00.000Z' }) + '\n';
}

const aiderSession = (stamp: string, prompt: string) => `\n# aider chat started at ${stamp}\n\n> Aider v0.86.1  \n> Main model: gpt-4o with diff edit format  \n\n#### ${prompt}  \n\nSure.\n\n> Tokens: 1.5k sent, 200 received.  \n`;

describe('workspace roots (real files, real SQLite)', () => {
  const { tempHome, open } = useTestCollectors();

  function setup() {
    const home = tempHome();
    const claude = path.join(home, 'claude');
    const repo = path.join(home, 'src', 'shop');
    fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
    fs.mkdirSync(path.join(repo, 'web'), { recursive: true });
    fs.mkdirSync(path.join(claude, 'projects', '-shop'), { recursive: true });
    const { engine, collector } = open([claudeCodeAdapter, aiderAdapter], { 'claude-code': [claude] }, { devlogHome: path.join(home, 'devlog') });
    const aiderPrompts = () =>
      (engine.db.prepare("SELECT m.text FROM messages m JOIN sessions s ON s.id = m.session_id WHERE s.agent = 'aider' AND m.role = 'user' ORDER BY s.started_at").all() as { text: string }[]).map((r) => r.text);
    return { home, claude, repo, engine, collector, aiderPrompts };
  }

  it('reads the Aider history at the git root of a workspace another agent ran in, once', async () => {
    const { claude, repo, engine, collector, aiderPrompts } = setup();
    // Claude Code ran in a subfolder; Aider writes beside .git.
    fs.writeFileSync(path.join(claude, 'projects', '-shop', 's1.jsonl'), claudeLine('s1', path.join(repo, 'web'), 'fix the header'));
    fs.writeFileSync(path.join(repo, '.aider.chat.history.md'), aiderSession('2025-10-23 17:04:56', 'make the title casual') + aiderSession('2025-10-24 09:00:00', 'add a footer'));

    const first = await collector.collectOnce();
    expect(aiderPrompts()).toEqual(['make the title casual', 'add a footer']);
    expect(first.sessions).toBe(3);
    const aider = engine.db.prepare("SELECT workspace, models, input_tokens, output_tokens FROM sessions WHERE agent = 'aider'").all();
    expect(aider).toEqual([
      { workspace: repo, models: '["gpt-4o"]', input_tokens: 1500, output_tokens: 200 },
      { workspace: repo, models: '["gpt-4o"]', input_tokens: 1500, output_tokens: 200 },
    ]);
    const roots = collector.status().sources!.find((s) => s.agent === 'aider')!.roots.map((r) => r.path);
    expect(roots.sort()).toEqual([repo, path.join(repo, 'web')].sort());

    const seq = () => engine.db.prepare("SELECT value FROM meta WHERE key = 'next_seq'").get();
    const before = seq();
    await collector.collectOnce();
    expect(aiderPrompts()).toHaveLength(2);
    expect(seq()).toEqual(before);
  });

  it('ignores workspaces that are not folders on this machine, and the filesystem root', () => {
    const home = tempHome();
    const repo = path.join(home, 'repo');
    fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
    fs.writeFileSync(path.join(home, 'a-file'), '');
    expect(workspaceRoots([repo, path.join(home, 'gone'), path.join(home, 'a-file'), 'relative/dir', path.parse(home).root])).toEqual([repo]);
    expect(gitRootOf(path.join(home, 'elsewhere'))).toBeUndefined();
  });
});
