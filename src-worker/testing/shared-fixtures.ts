import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './cli-process.js';

/**
 * The agents' real sample files live in ../shared/fixtures (not copied here: several have no
 * licence). CI has the folder, so there a missing folder fails the suites; on a developer's
 * machine without it they say so and skip.
 */
export const SHARED_FIXTURES = process.env.DEVLOG_SHARED_FIXTURES ?? path.resolve(REPO_ROOT, '..', 'shared', 'fixtures');

export function sharedFixturesAvailable(): boolean {
  const ok = fs.existsSync(SHARED_FIXTURES);
  if (!ok && process.env.CI) throw new Error(`shared fixtures missing in CI: ${SHARED_FIXTURES} (set DEVLOG_SHARED_FIXTURES or place shared/ beside the checkout)`);
  if (!ok) console.warn(`conformance suite skipped: ${SHARED_FIXTURES} not found (set DEVLOG_SHARED_FIXTURES to the shared fixtures folder)`);
  return ok;
}

/** Every file under shared/fixtures/<agent>, recursively, as absolute paths. */
export function sharedFixtureFiles(agentFolder: string): string[] {
  const dir = path.join(SHARED_FIXTURES, agentFolder);
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Copies the shared fixtures (at test time, into a temp dir) into each agent's real layout. */
export function layOutSharedFixtures(work: string): { roots: string[]; files: string[]; agents: string[] } {
  const src = (agent: string, name: string) => path.join(SHARED_FIXTURES, agent, name);
  const files: string[] = [];
  const put = (from: string, to: string) => {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.cpSync(from, to, { recursive: true });
    if (fs.statSync(to).isFile()) files.push(to);
    else for (const e of fs.readdirSync(to, { recursive: true, withFileTypes: true }) as fs.Dirent[]) if (e.isFile() && e.name.endsWith('.jsonl')) files.push(path.join(e.parentPath, e.name));
  };
  const claude = path.join(work, 'claude');
  for (const name of fs.readdirSync(path.join(SHARED_FIXTURES, 'claude-code'))) {
    const project = path.join(claude, 'projects', `-home-dev-${name.split('-')[0]}`);
    put(src('claude-code', name), name.endsWith('.jsonl') ? path.join(project, name) : path.join(project));
  }
  const codex = path.join(work, 'codex');
  for (const name of fs.readdirSync(path.join(SHARED_FIXTURES, 'codex'))) put(src('codex', name), path.join(codex, 'sessions', '2025', '09', '01', `rollout-2025-09-01T00-00-00-${name}`));
  const gemini = path.join(work, 'gemini');
  for (const name of fs.readdirSync(path.join(SHARED_FIXTURES, 'gemini'))) put(src('gemini', name), path.join(gemini, 'tmp', 'a1b2c3', 'chats', `session-2025-09-01T10-00-${name}`));
  const copilot = path.join(work, 'copilot');
  for (const name of ['gitai-copilot-session-multiline.jsonl', 'gitai-copilot-session-simple.json', 'gitai-copilot-session-simple.jsonl']) {
    put(src('copilot', name), path.join(copilot, 'workspaceStorage', 'ws1', 'chatSessions', name));
  }
  put(src('copilot', 'vct-copilot-cli-events.jsonl'), path.join(copilot, 'session-state', 'cli-1', 'events.jsonl'));
  put(src('copilot', 'vct-copilot-cli-legacy-session.json'), path.join(copilot, 'history-session-state', 'cli-legacy.json'));
  const cursor = path.join(work, 'cursor');
  put(src('cursor', 'gitai-cursor-global-state.vscdb'), path.join(cursor, 'globalStorage', 'state.vscdb'));
  put(src('cursor', 'slevin48-workspace-state.vscdb'), path.join(cursor, 'workspaceStorage', 'abc123', 'state.vscdb'));
  // The Cline task folder under each fork's storage too: the forks keep Cline's format.
  const clineFamily = ['cline', 'roo-code', 'kilo-code', 'zoo-code'].map((agent) => {
    for (const task of fs.readdirSync(path.join(SHARED_FIXTURES, 'cline'))) {
      if (fs.statSync(src('cline', task)).isDirectory()) put(src('cline', task), path.join(work, agent, 'tasks', task));
    }
    return [agent, path.join(work, agent)];
  });
  const continueRoot = path.join(work, 'continue');
  for (const name of fs.readdirSync(path.join(SHARED_FIXTURES, 'continue'))) put(src('continue', name), path.join(continueRoot, 'sessions', name));
  // Cursor's agent transcripts have their own root (~/.cursor/projects/<slug>/agent-transcripts).
  const cursorProjects = path.join(work, 'cursor-projects');
  const transcript = '0a1b2c3d-0000-4000-8000-000000000001';
  put(src('cursor', 'gitai-cursor-agent-transcript.jsonl'), path.join(cursorProjects, 'Users-dev-app', 'agent-transcripts', transcript, `${transcript}.jsonl`));
  // Aider writes into each repository: every sample is one repository's history.
  const aiderRepos = fs
    .readdirSync(path.join(SHARED_FIXTURES, 'aider'))
    .filter((name) => name.endsWith('.aider.chat.history.md'))
    .map((name) => {
      const repo = path.join(work, 'aider', name.slice(0, -'.aider.chat.history.md'.length));
      put(src('aider', name), path.join(repo, '.aider.chat.history.md'));
      return repo;
    });
  // No shared OpenCode sample: an empty root keeps the real user's OpenCode data out.
  const opencode = path.join(work, 'opencode');
  fs.mkdirSync(opencode, { recursive: true });
  const chosen = [
    ['claude-code', claude],
    ['codex', codex],
    ['gemini', gemini],
    ['copilot-chat', copilot],
    ['cursor', cursor],
    ['cursor', cursorProjects],
    ...aiderRepos.map((repo) => ['aider', repo]),
    ['opencode', opencode],
    ...clineFamily,
    ['continue', continueRoot],
  ];
  const roots = chosen.flatMap(([agent, dir]) => ['--root', `${agent}=${dir}`]);
  /** The agents that have samples laid out (their sessions are expected in the store). */
  const agents = [...new Set(chosen.filter(([agent]) => agent !== 'opencode').map(([agent]) => agent!))];
  return { roots, files, agents };
}
