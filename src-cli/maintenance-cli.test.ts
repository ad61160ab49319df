import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSqlite } from '../src-worker/native.js';
import { assistantLine, userLine } from '../src-worker/sources/claude-code/test-support.js';
import { EngineLock } from '../src-worker/store/lock.js';
import { runCli } from '../src-worker/testing/cli-process.js';
import { useTempHome } from '../src-worker/testing/temp-home.js';

/** Two small Claude Code sessions, each with a word found nowhere else. */
function writeSessions(root: string): string[] {
  return ['s1', 's2'].map((id, i) => {
    const file = path.join(root, 'projects', '-tmp-demo', `${id}.jsonl`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const word = i === 0 ? 'quokkaflux' : 'wombatgrid';
    const lines = [
      userLine(`${id}-u1`, `please fix the ${word} module`, { sessionId: id }),
      assistantLine(`${id}-a1`, [{ type: 'text', text: `fixed the ${word} module` }], { sessionId: id, parentUuid: `${id}-u1`, requestId: `req-${id}` }, { id: `msg-${id}` }),
    ];
    fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    return file;
  });
}

describe('devlog reparse and devlog doctor (real processes, real store)', () => {
  const tempHome = useTempHome('devlog-maint-');

  async function syncedStore() {
    const work = tempHome();
    const claude = path.join(work, 'claude');
    writeSessions(claude);
    const env = { DEVLOG_HOME: path.join(work, 'home'), HOME: work };
    const synced = await runCli(['sync', '--once', '--json', '--root', `claude-code=${claude}`], env);
    expect(synced.code, synced.stderr).toBe(0);
    return { work, claude, env, dbPath: path.join(work, 'home', 'devlog.db') };
  }

  const search = async (env: Record<string, string>, word: string) => {
    const r = await runCli(['query', '--search', word, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { sessions: { nativeId: string }[] }).sessions.map((s) => s.nativeId);
  };

  it('reparse re-derives every file from the store after the agent deleted its files', async () => {
    const { claude, env, dbPath } = await syncedStore();
    fs.rmSync(claude, { recursive: true, force: true });

    const all = await runCli(['reparse', '--json'], env);
    expect(all.code, all.stderr).toBe(0);
    expect(JSON.parse(all.stdout)).toMatchObject({ filesTotal: 2, filesDone: 2, records: 4, failed: 0, interrupted: false, messagesChanged: 0, rowsRemoved: 0 });
    expect(await search(env, 'quokkaflux')).toEqual(['s1']);

    const other = await runCli(['reparse', '--agent', 'codex', '--json'], env);
    expect(JSON.parse(other.stdout)).toMatchObject({ filesTotal: 0 });
    const human = await runCli(['reparse', '--agent', 'claude-code'], env);
    expect(human.stdout).toContain('re-derived 2 of 2 files from 4 stored records');

    // An interrupted run (marks left in the store) is continued, not restarted.
    const Database = loadSqlite();
    const db = new Database(dbPath);
    db.prepare("UPDATE files SET reparse_pending = 1 WHERE path LIKE '%s2.jsonl'").run();
    db.close();
    const resumed = await runCli(['reparse', '--json'], env);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ resumed: true, filesTotal: 1, filesDone: 1, interrupted: false });

    const bad = await runCli(['reparse', '--agent', 'nope'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown agent "nope"');
  });

  it('with an engine holding the store, reparse and doctor --fix say so in one line; doctor still checks read-only', async () => {
    const { env, work } = await syncedStore();
    const lock = EngineLock.acquire(path.join(work, 'home', 'engine.lock'));
    try {
      const reparse = await runCli(['reparse'], env);
      expect(reparse.code).toBe(1);
      expect(reparse.stderr.trim().split('\n')).toHaveLength(1);
      expect(reparse.stderr).toContain('the devlog engine is running');
      const fix = await runCli(['doctor', '--fix'], env);
      expect(fix.code).toBe(1);
      expect(fix.stderr).toContain('the devlog engine is running');
      const check = await runCli(['doctor', '--json'], env);
      expect(check.code, check.stderr).toBe(0);
      const report = JSON.parse(check.stdout) as { healthy: boolean; checks: { id: string; limited?: string }[] };
      expect(report.healthy).toBe(true);
      expect(report.checks.find((c) => c.id === 'messages-index')!.limited).toContain('running engine');
    } finally {
      lock.release();
    }
  });

  it('doctor finds a damaged search index, --fix repairs it, and doctor is then clean', async () => {
    const { env, dbPath } = await syncedStore();
    const healthy = await runCli(['doctor', '--json'], env);
    expect(healthy.code, healthy.stdout).toBe(0);
    expect(await search(env, 'wombatgrid')).toEqual(['s2']);

    // Damage: one message's index entry removed (search misses it), one bogus entry added, one
    // session counter off, one usage row orphaned.
    const Database = loadSqlite();
    const db = new Database(dbPath);
    const victims = db.prepare("SELECT rowid, text FROM messages WHERE text LIKE '%wombatgrid%' ORDER BY rowid").all() as { rowid: number; text: string }[];
    expect(victims).toHaveLength(2);
    for (const v of victims) db.prepare("INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', ?, ?)").run(v.rowid, v.text);
    db.prepare("INSERT INTO messages_fts(rowid, text) VALUES (987654, 'phantom entry')").run();
    db.prepare("UPDATE sessions SET message_count = 9 WHERE native_id = 's1'").run();
    db.pragma('foreign_keys = OFF');
    db.prepare("UPDATE usage SET session_id = 'claude-code:gone' WHERE key LIKE '%msg-s2%'").run();
    db.close();
    expect(await search(env, 'wombatgrid')).toEqual([]);

    const found = await runCli(['doctor', '--json'], env);
    expect(found.code).toBe(1);
    const report = JSON.parse(found.stdout) as { healthy: boolean; checks: { id: string; ok: boolean; found: number; examples: string[] }[] };
    const byId = new Map(report.checks.map((c) => [c.id, c]));
    expect(report.healthy).toBe(false);
    expect(byId.get('messages-index')).toMatchObject({ ok: false, found: 3 });
    expect(byId.get('messages-index')!.examples.join('\n')).toMatch(new RegExp(`messages rowid ${victims[0]!.rowid} is not in the index[\\s\\S]*index entry 987654 has no messages row`));
    expect(byId.get('counters')).toMatchObject({ ok: false, found: 2 });
    expect(byId.get('counters')!.examples.join('\n')).toContain('claude-code:s1: messages 9 (rows say 2)');
    expect(byId.get('orphans')).toMatchObject({ ok: false, found: 1 });
    expect(byId.get('orphans')!.examples[0]).toContain('missing session claude-code:gone');
    expect(byId.get('tool-calls-index')).toMatchObject({ ok: true });
    expect(byId.get('integrity')).toMatchObject({ ok: true });

    const human = await runCli(['doctor'], env);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('PROBLEM  search index: messages: 2 rows not indexed, 1 index entries without a row');
    expect(human.stdout).toContain('`devlog doctor --fix` repairs them');

    const fixed = await runCli(['doctor', '--fix'], env);
    expect(fixed.code, fixed.stdout).toBe(0);
    expect(fixed.stdout).toContain('rebuilt the messages search index');
    expect(fixed.stdout).toMatch(/now:[\s\S]*healthy\n$/);

    const after = await runCli(['doctor', '--json'], env);
    expect(after.code, after.stdout).toBe(0);
    expect((JSON.parse(after.stdout) as { healthy: boolean }).healthy).toBe(true);
    expect(await search(env, 'wombatgrid')).toEqual(['s2']);
    expect(await search(env, 'phantom')).toEqual([]);
  });
});
