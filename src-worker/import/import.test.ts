/**
 * `devlog import` in the engine's process, on a real store: copied Claude Code project folders,
 * Copilot "Export Chat" files and Cline task folders become searchable sessions with their agent
 * detected, their rows marked origin 'imported'; importing again adds nothing; what no agent
 * reads is listed as skipped; a path that does not exist is a clear error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../engine.js';
import { querySessions } from '../query/sessions.js';
import { writeTask } from '../sources/cline/test-files.js';
import { SOURCE_ADAPTERS } from '../sources/registry.js';
import { SHARED_FIXTURES, sharedFixturesAvailable } from '../testing/shared-fixtures.js';
import { useTempHome } from '../testing/temp-home.js';
import { importPath } from './importer.js';

const SESSION = '3f2a9c1e-1111-4222-8333-444455556666';
const claudeLines = [
  { type: 'user', uuid: 'u1', parentUuid: null, sessionId: SESSION, cwd: '/Users/ada/app', version: '2.1.0', timestamp: '2025-06-01T10:00:00.000Z', message: { role: 'user', content: 'why does the quokkaflux test flake?' } },
  { type: 'assistant', uuid: 'a1', parentUuid: 'u1', sessionId: SESSION, cwd: '/Users/ada/app', version: '2.1.0', timestamp: '2025-06-01T10:00:05.000Z', requestId: 'req_1', message: { id: 'msg_1', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'A timer races the fixture.' }], usage: { input_tokens: 10, output_tokens: 20 } } },
];

/** A chat saved with VS Code's "Export Chat..." (no sessionId, no creationDate). */
const exportedChat = {
  requesterUsername: 'ada',
  responderUsername: 'GitHub Copilot',
  initialLocation: 'panel',
  requests: [
    {
      requestId: 'request_9f1',
      timestamp: 1_760_000_000_000,
      modelId: 'copilot/gpt-4o',
      message: { text: 'explain the wombatgrid layout', parts: [] },
      variableData: { variables: [] },
      response: [{ value: 'It is a CSS grid with named areas.', supportThemeIcons: false }],
      result: { timings: { totalElapsed: 1200 } },
    },
  ],
};

describe('devlog import (real files, real SQLite)', () => {
  const tempHome = useTempHome();
  const engines: Engine[] = [];
  afterEach(() => {
    for (const e of engines.splice(0)) e.dispose();
  });

  function setup() {
    const home = tempHome();
    const engine = Engine.open({ home: path.join(home, 'devlog') });
    engines.push(engine);
    const run = (target: string, agent?: 'roo-code') => importPath(engine, { path: target, adapters: SOURCE_ADAPTERS, ...(agent ? { agent } : {}) });
    const search = (text: string) => querySessions(engine.db, { search: text }).sessions.map((s) => ({ agent: s.agent, nativeId: s.nativeId }));
    return { home, engine, run, search };
  }

  it('a copied Claude Code project folder becomes searchable; importing again adds nothing', async () => {
    const { home, engine, run, search } = setup();
    const project = path.join(home, 'old-laptop', '-Users-ada-app');
    fs.mkdirSync(project, { recursive: true });
    fs.writeFileSync(path.join(project, `${SESSION}.jsonl`), claudeLines.map((l) => JSON.stringify(l)).join('\n') + '\n');

    const first = await run(project);
    expect(first).toMatchObject({ files: 1, agents: { 'claude-code': 1 }, sessionsAdded: 1, messagesAdded: 2, problems: 0, skipped: [] });
    expect(search('quokkaflux')).toEqual([{ agent: 'claude-code', nativeId: SESSION }]);
    expect(engine.db.prepare('SELECT origin, rel_path FROM files').all()).toEqual([{ origin: 'imported', rel_path: `-Users-ada-app/${SESSION}.jsonl` }]);

    const seq = engine.db.prepare("SELECT value FROM meta WHERE key = 'next_seq'").pluck().get();
    const again = await run(project);
    expect(again).toMatchObject({ files: 1, sessionsAdded: 0, messagesAdded: 0 });
    expect(engine.db.prepare("SELECT value FROM meta WHERE key = 'next_seq'").pluck().get()).toBe(seq);
  });

  it('a whole copied ~/.claude folder is read in its own layout', async () => {
    const { home, run, search } = setup();
    const project = path.join(home, 'backup', '.claude', 'projects', '-Users-ada-app');
    fs.mkdirSync(project, { recursive: true });
    fs.writeFileSync(path.join(project, `${SESSION}.jsonl`), claudeLines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    fs.writeFileSync(path.join(home, 'backup', '.claude', 'settings.json'), '{"theme":"dark"}');
    const result = await run(path.join(home, 'backup', '.claude'));
    expect(result).toMatchObject({ agents: { 'claude-code': 1 }, sessionsAdded: 1 });
    expect(result.skipped).toEqual([{ path: path.join(home, 'backup', '.claude', 'settings.json'), reason: expect.stringMatching(/agent/) }]);
    expect(search('quokkaflux')).toHaveLength(1);
  });

  it('a Copilot "Export Chat" file becomes a searchable session; importing again adds nothing', async () => {
    const { home, run, search, engine } = setup();
    const file = path.join(home, 'Downloads', 'chat.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(exportedChat, null, 2));
    const first = await run(file);
    expect(first).toMatchObject({ files: 1, agents: { 'copilot-chat': 1 }, sessionsAdded: 1, messagesAdded: 2, problems: 0 });
    const [hit] = search('wombatgrid');
    expect(hit).toMatchObject({ agent: 'copilot-chat', nativeId: expect.stringMatching(/^export-/) });
    expect(engine.db.prepare('SELECT started_at, models FROM sessions').get()).toEqual({ started_at: new Date(1_760_000_000_000).toISOString(), models: JSON.stringify(['gpt-4o']) });
    expect(await run(file)).toMatchObject({ sessionsAdded: 0, messagesAdded: 0 });
  });

  it('a Cline task folder is detected as Cline, or as the fork its path names', async () => {
    const { home, run, engine } = setup();
    writeTask(path.join(home, 'copied'));
    const cline = await run(path.join(home, 'copied', 'tasks', '1769053680585'));
    expect(cline).toMatchObject({ files: 3, agents: { cline: 3 }, sessionsAdded: 1, messagesAdded: 4 });
    writeTask(path.join(home, 'rooveterinaryinc.roo-cline'), '1769000000000');
    const roo = await run(path.join(home, 'rooveterinaryinc.roo-cline'));
    expect(roo.agents).toEqual({ 'roo-code': 4 });
    expect(engine.db.prepare('SELECT agent, workspace FROM sessions ORDER BY agent').all()).toEqual([
      { agent: 'cline', workspace: '/home/ada/snake' },
      { agent: 'roo-code', workspace: '/home/ada/snake' },
    ]);
  });

  it('skips what no agent reads and names a path that does not exist', async () => {
    const { home, run, engine } = setup();
    fs.writeFileSync(path.join(home, 'notes.txt'), 'hello');
    expect(await run(path.join(home, 'notes.txt'))).toMatchObject({ files: 0, skipped: [{ path: path.join(home, 'notes.txt'), reason: 'not a file of any agent devlog knows' }] });
    // Named like a session file but not one (a stray file under a copied folder): skipped, not a page of problems.
    fs.mkdirSync(path.join(home, 'copy'));
    fs.writeFileSync(path.join(home, 'copy', 'history.jsonl'), '{"display":"ls","timestamp":1}\n');
    expect(await run(path.join(home, 'copy'))).toMatchObject({ files: 0, problems: 0, skipped: [{ path: path.join(home, 'copy', 'history.jsonl'), reason: 'no agent reader understood it' }] });
    await expect(run(path.join(home, 'nope'))).rejects.toThrow(`${path.join(home, 'nope')}: no such file or folder`);
    expect(engine.db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(0);
  });
});

describe.skipIf(!sharedFixturesAvailable())('devlog import of the shared real samples (read in place)', () => {
  const tempHome = useTempHome();
  const engines: Engine[] = [];
  afterEach(() => {
    for (const e of engines.splice(0)) e.dispose();
  });

  it('imports the real Cline task folder and a lone stored Copilot session file, each detected', async () => {
    const home = tempHome();
    const engine = Engine.open({ home: path.join(home, 'devlog') });
    engines.push(engine);
    const run = (target: string) => importPath(engine, { path: target, adapters: SOURCE_ADAPTERS });
    // Copied alone (beside its .jsonl twin, as in the fixtures folder, VS Code reads the twin).
    const lone = path.join(home, 'session.json');
    fs.copyFileSync(path.join(SHARED_FIXTURES, 'copilot', 'gitai-copilot-session-simple.json'), lone);
    const cline = await run(path.join(SHARED_FIXTURES, 'cline', '1769053680585'));
    expect(cline).toMatchObject({ files: 3, agents: { cline: 3 }, sessionsAdded: 1, problems: 0, skipped: [] });
    expect(cline.messagesAdded).toBeGreaterThan(40);
    const copilot = await run(lone);
    expect(copilot).toMatchObject({ files: 1, agents: { 'copilot-chat': 1 }, sessionsAdded: 1, problems: 0 });
    expect(await run(path.join(SHARED_FIXTURES, 'cline', '1769053680585'))).toMatchObject({ sessionsAdded: 0, messagesAdded: 0 });
  });
});
