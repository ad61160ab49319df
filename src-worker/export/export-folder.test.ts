import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startEngine } from '../start-engine.js';
import { createExportService } from './create.js';
import { readOutboundLog } from './export-store.js';
import { readAll } from './folder/test-support.js';
import { localContent, writeClaudeSessions } from './testing/local-sessions.js';

/** Export to folder remotes through the exporter the engine builds: plain and encrypted, read back as another machine would. */

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('export to a folder remote', () => {
  it('writes every matching session to a plain and to an encrypted folder, readable back (the latter only with the passphrase)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-export-folder-'));
    dirs.push(dir);
    const root = path.join(dir, 'claude');
    writeClaudeSessions(root, { '/home/ada/personal/notes': 4, '/home/ada/work/api': 3 }, 41);
    const plain = path.join(dir, 'dropbox');
    const sealed = path.join(dir, 'nas');
    fs.mkdirSync(plain);
    fs.mkdirSync(sealed);
    process.env.DEVLOG_TEST_FOLDER_PASS = 'correct horse battery staple';
    const running = startEngine({ home: path.join(dir, 'home'), mode: 'once', rootOverrides: new Map([['claude-code', [root]]]) });
    try {
      await running.historyDone;
      const base = { auto: false, intervalSeconds: 30, exclude: [], agents: [], redact: true, pull: false, paused: false };
      running.engine.updateConfig((c) => ({
        ...c,
        remotes: [
          { ...base, name: 'dropbox', url: pathToFileURL(plain).href, include: ['/home/ada/personal'] },
          { ...base, name: 'nas', url: pathToFileURL(sealed).href, include: [], passphrase: '${DEVLOG_TEST_FOLDER_PASS}' },
        ],
      }));
      const exporter = running.engine.register(createExportService(running.engine, {})).start({ auto: false });
      const statuses = await exporter.exportNow();
      expect(statuses.map((s) => [s.name, s.kind, s.state, s.lastError])).toEqual([
        ['dropbox', 'folder', 'synced', null],
        ['nas', 'folder', 'synced', null],
      ]);

      const sessionsIn = (batches: { batch: { records: { kind: string; id: string }[] } }[]) =>
        [...new Set(batches.flatMap((b) => b.batch.records.filter((r) => r.kind === 'session').map((r) => r.id)))].sort();
      const db = running.engine.db;
      const fromPlain = await readAll(plain);
      expect(fromPlain.problems).toEqual([]);
      expect(sessionsIn(fromPlain.batches)).toEqual(localContent(db, '/home/ada/personal').sessions);

      const fromSealed = await readAll(sealed, { passphrase: 'correct horse battery staple' });
      expect(fromSealed.problems).toEqual([]);
      expect(sessionsIn(fromSealed.batches)).toEqual(localContent(db).sessions);
      const wrong = await readAll(sealed, { passphrase: 'wrong' });
      expect(wrong.batches).toEqual([]);
      expect(wrong.problems.length).toBeGreaterThan(0);
      // Nothing readable on the NAS without the key: no prompt text in its files.
      const firstPrompt = (db.prepare("SELECT text FROM messages WHERE role = 'user' LIMIT 1").pluck().get() as string).slice(0, 40);
      const files = fs.readdirSync(sealed, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
      for (const f of files) expect(fs.readFileSync(path.join(f.parentPath, f.name)).includes(Buffer.from(firstPrompt))).toBe(false);

      expect(new Set(readOutboundLog(db).map((e) => e.remote))).toEqual(new Set(['dropbox', 'nas']));
    } finally {
      running.stop();
    }
  });
});
