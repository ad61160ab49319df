import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MachineInfo, SessionMetaView, SessionQueryResult, StatsResult } from '../src-shared/contract/index.js';
import { writeSampleSessions } from '../src-worker/query/sample-sessions.js';
import { TestStore } from '../src-worker/query/test-store.js';
import { runCli } from '../src-worker/testing/cli-process.js';
import { startIsolatedEngine } from '../src-worker/testing/isolated-engine.js';

/** `devlog session ...`, `devlog machine` and the --tag/--starred filters, as CLI processes on a real store. */
describe('devlog session / machine (CLI process)', () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  /** A data folder with the four sample sessions, no engine running. */
  function sampleHome(): { dir: string; env: Record<string, string> } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-meta-cli-'));
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const store = new TestStore(path.join(dir, 'devlog-home'));
    writeSampleSessions(store);
    store.engine.dispose();
    return { dir, env: { DEVLOG_HOME: store.home, TZ: 'UTC' } };
  }

  async function ok(env: Record<string, string>, ...args: string[]): Promise<string> {
    const r = await runCli(args, env);
    expect(r.stderr, `devlog ${args.join(' ')}`).toBe('');
    expect(r.code).toBe(0);
    return r.stdout;
  }
  const query = async (env: Record<string, string>, ...args: string[]) => (JSON.parse(await ok(env, 'query', '--json', ...args)) as SessionQueryResult).sessions;

  it('renames, tags, stars and hides a session; query, show and the filters follow', async () => {
    const { env } = sampleHome();
    expect(await ok(env, 'session', 'rename', 'beta', 'Split', 'the', 'menu')).toBe('claude-code:beta-2: renamed to "Split the menu"\n');
    expect(await ok(env, 'session', 'tag', 'beta-2', 'ui', 'refactor')).toBe('claude-code:beta-2: tags ui, refactor\n');
    await ok(env, 'session', 'tag', 'gamma', 'ui');
    await ok(env, 'session', 'star', 'codex:gamma-3');

    const beta = (await query(env)).find((s) => s.nativeId === 'beta-2')!;
    expect(beta).toMatchObject({ title: 'Split the menu', titleSource: 'user', tags: ['ui', 'refactor'], starred: false });
    expect((await query(env, '--tag', 'ui')).map((s) => s.nativeId)).toEqual(['gamma-3', 'beta-2']);
    expect((await query(env, '--tag', 'ui', '--tag', 'refactor')).map((s) => s.nativeId)).toEqual(['beta-2']);
    expect((await query(env, '--starred')).map((s) => s.nativeId)).toEqual(['gamma-3']);
    // The table shows the star and the tags beside the title; show prints them too.
    expect(await ok(env, 'query', '--tag', 'ui')).toMatch(/gamma-3 .*★ Write docs for the login flow \[ui\]/);
    expect(await ok(env, 'show', 'beta-2')).toMatch(/^Split the menu\ntags: ui, refactor\n/);
    expect(await ok(env, 'show', 'beta-2', '--format', 'md')).toMatch(/^# Split the menu\n[\s\S]*- Tags: `ui`, `refactor`/);
    // Stats count what the same filter lists.
    const stats = JSON.parse(await ok(env, 'stats', '--json', '--tag', 'ui')) as StatsResult;
    expect(stats.total.sessions).toBe(2);

    const untagged = JSON.parse(await ok(env, 'session', 'untag', 'beta-2', 'ui', '--json')) as SessionMetaView;
    expect(untagged).toMatchObject({ sessionId: 'claude-code:beta-2', tags: ['refactor'], title: 'Split the menu', version: 3 });
    await ok(env, 'session', 'rename', 'beta-2', '');
    expect((await query(env)).find((s) => s.nativeId === 'beta-2')).toMatchObject({ title: 'Refactor the café menu renderer into small components', titleSource: 'prompt' });

    await ok(env, 'session', 'hide', 'alpha-1');
    expect((await query(env)).map((s) => s.nativeId)).not.toContain('alpha-1');
    expect((await query(env, '--hidden')).map((s) => s.nativeId)).toContain('alpha-1');
    await ok(env, 'session', 'unhide', 'alpha-1');
    expect((await query(env)).map((s) => s.nativeId)).toContain('alpha-1');
  });

  it('delete asks for --yes, then the session is gone from list, search, show and stats', async () => {
    const { env } = sampleHome();
    const before = JSON.parse(await ok(env, 'stats', '--json')) as StatsResult;
    const refused = await runCli(['session', 'delete', 'alpha-1'], env);
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toBe('devlog: session delete alpha-1: add --yes to delete it (this cannot be undone)\n');
    expect((await query(env)).map((s) => s.nativeId)).toContain('alpha-1');

    expect(await ok(env, 'session', 'delete', 'alpha-1', '--yes')).toMatch(/^claude-code:alpha-1: deleted here and, when they sync, on your other machines/);
    expect((await query(env)).map((s) => s.nativeId)).toEqual(['delta-4', 'gamma-3', 'beta-2']);
    expect(await query(env, '--hidden')).toHaveLength(3);
    expect((await query(env, '--search', 'TypeError'))).toEqual([]);
    const shown = await runCli(['show', 'alpha-1'], env);
    expect(shown).toMatchObject({ code: 2, stderr: 'devlog: no session with id "alpha-1" (devlog query lists sessions and their ids)\n' });
    const after = JSON.parse(await ok(env, 'stats', '--json')) as StatsResult;
    expect(after.total.sessions).toBe(before.total.sessions - 1);
    expect(after.total.tokens.input).toBeLessThan(before.total.tokens.input);
    // A deleted session takes no more edits, and says why.
    const again = await runCli(['session', 'star', 'alpha-1'], env);
    expect(again).toMatchObject({ code: 2, stderr: 'devlog: session claude-code:alpha-1 was deleted\n' });
  });

  it('bad input exits 2 with one line naming what is wrong', async () => {
    const { env } = sampleHome();
    expect(await runCli(['session', 'star', 'nope-nope'], env)).toMatchObject({ code: 2, stderr: 'devlog: no session with id "nope-nope" (devlog query lists sessions and their ids)\n' });
    expect((await runCli(['session', 'star', 'claude-code:'], env)).stderr).toMatch(/^devlog: session id "claude-code:" is ambiguous: it matches /);
    expect(await runCli(['session', 'tag', 'beta-2', ' '], env)).toMatchObject({ code: 2, stderr: 'devlog: sessions.editMeta: field addTags.0: a tag cannot be empty\n' });
    expect(await runCli(['machine', 'rename', 'not a name'], env)).toMatchObject({ code: 2, stderr: expect.stringMatching(/^devlog: machine.rename: field name: must be 1-64 letters/) });
  });

  it('machine shows a stable id and the host name; rename keeps the new name', async () => {
    const { env } = sampleHome();
    const first = JSON.parse(await ok(env, 'machine', '--json')) as MachineInfo;
    expect(first).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: os.hostname() });
    expect(await ok(env, 'machine', 'rename', 'ada-laptop')).toBe(`renamed: ada-laptop (machine id ${first.id})\n`);
    expect(JSON.parse(await ok(env, 'machine', '--json'))).toEqual({ id: first.id, name: 'ada-laptop' });
    expect(JSON.parse(fs.readFileSync(path.join(env.DEVLOG_HOME!, 'config.json'), 'utf8')).machineName).toBe('ada-laptop');
    // Every collected session carries this machine as its origin.
    expect(new Set((await query(env)).map((s) => s.originMachine))).toEqual(new Set([first.id]));
  });

  it('with `devlog start` running, edits go through the engine (it holds the store)', async () => {
    const { dir, env } = sampleHome();
    const engine = await startIsolatedEngine(dir);
    cleanup.push(() => engine.cli.stop());
    expect(await ok(env, 'session', 'star', 'delta-4')).toBe('copilot-chat:delta-4: starred\n');
    expect(await ok(env, 'session', 'delete', 'beta-2', '--yes')).toMatch(/deleted/);
    expect((await query(env, '--starred')).map((s) => s.nativeId)).toEqual(['delta-4']);
    expect((await query(env)).map((s) => s.nativeId)).not.toContain('beta-2');
    const info = JSON.parse(await ok(env, 'machine', 'rename', 'desk', '--json')) as MachineInfo;
    const status = JSON.parse(await ok(env, 'status', '--json')) as { machineId: string };
    expect(info).toEqual({ id: status.machineId, name: 'desk' });
  });
});
