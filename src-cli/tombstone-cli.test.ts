import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionQueryResult } from '../src-shared/contract/index.js';
import { writeClaudeSessions } from '../src-worker/export/testing/local-sessions.js';
import { PURGE_AFTER_DAYS, purgeDeletedSessions } from '../src-worker/metadata/purge-deleted.js';
import { openWritableDb } from '../src-worker/store/database.js';
import { runCli } from '../src-worker/testing/cli-process.js';

/** A deleted session stays deleted through the real collector, reparse and the purge (CLI processes). */
describe('devlog session delete: the tombstone outlives the agent file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('collect after the agent appended, reparse and the 30-day purge never bring it back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-tombstone-'));
    dirs.push(dir);
    const root = path.join(dir, 'claude');
    const [gone, kept] = writeClaudeSessions(root, { '/home/ada/work/app': 2 }, 5, 2_000) as [string, string];
    fs.mkdirSync(path.join(dir, 'user-home'));
    const env = { DEVLOG_HOME: path.join(dir, 'devlog-home'), HOME: path.join(dir, 'user-home'), TZ: 'UTC' };
    const cli = async (...args: string[]) => {
      const r = await runCli(args, env);
      expect(r.code, `devlog ${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.stdout;
    };
    const collect = () => cli('collect', '--root', `claude-code=${root}`);
    const listed = async (...args: string[]) => (JSON.parse(await cli('query', '--json', '--hidden', ...args)) as SessionQueryResult).sessions.map((s) => s.id);

    await collect();
    expect((await listed()).sort()).toEqual([gone, kept].sort());
    await cli('session', 'delete', gone, '--yes');
    expect(await listed()).toEqual([kept]);

    // The agent goes on writing in the deleted session's file.
    const file = fs.readdirSync(path.join(root, 'projects'), { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith(`${gone.split(':')[1]}.jsonl`))!;
    const line = {
      parentUuid: null, isSidechain: false, userType: 'external', cwd: '/home/ada/work/app', sessionId: gone.split(':')[1], version: '2.1.14',
      gitBranch: 'main', type: 'user', uuid: crypto.randomUUID(), timestamp: new Date().toISOString(), message: { role: 'user', content: 'quokka appended after the delete' },
    };
    fs.appendFileSync(path.join(root, 'projects', file), JSON.stringify(line) + '\n');
    await collect();
    expect(await listed()).toEqual([kept]);
    expect(await listed('--search', 'quokka')).toEqual([]);
    await cli('reparse');
    expect(await listed()).toEqual([kept]);

    // 30 days on: the content and the raw records go, the tombstone stays.
    const db = openWritableDb(path.join(env.DEVLOG_HOME, 'devlog.db'));
    try {
      const fileId = db.prepare('SELECT id FROM files WHERE path LIKE ?').pluck().get(`%${gone.split(':')[1]}.jsonl`) as number;
      const count = (sql: string, arg: string | number) => db.prepare(sql).pluck().get(arg) as number;
      expect(count('SELECT count(*) FROM raw_records WHERE file_id = ?', fileId)).toBeGreaterThan(0);
      // The appended line was collected (and kept through reparse), only never shown.
      expect(count("SELECT count(*) FROM messages WHERE text LIKE '%quokka%' AND session_id = ?", gone)).toBe(1);
      expect(purgeDeletedSessions(db, new Date(Date.now() + (PURGE_AFTER_DAYS + 1) * 86_400_000)).sessions).toBe(1);
      expect(count('SELECT count(*) FROM messages WHERE session_id = ?', gone)).toBe(0);
      expect(count('SELECT count(*) FROM raw_records WHERE file_id = ?', fileId)).toBe(0);
      expect(count('SELECT count(*) FROM messages WHERE session_id = ?', kept)).toBeGreaterThan(0);
      expect(count('SELECT deleted FROM session_meta WHERE session_id = ?', gone)).toBe(1);
    } finally {
      db.close();
    }
    // The file rewritten from scratch (a new inode): collected again, still deleted.
    const full = path.join(root, 'projects', file);
    const text = fs.readFileSync(full, 'utf8');
    fs.rmSync(full);
    fs.writeFileSync(full, text);
    await collect();
    expect(await listed()).toEqual([kept]);
    expect(await listed('--search', 'quokka')).toEqual([]);
  });
});
