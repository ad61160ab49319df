import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Collector } from '../collect/collector.js';
import { Engine } from '../engine.js';
import type { SourceAdapter } from '../sources/types.js';
import { bumpParser } from '../testing/bumped-adapter.js';
import { useTempHome } from '../testing/temp-home.js';
import { toyAdapter } from '../testing/toy-adapter.js';
import { needsReparse, queueReparse, Reparser, runPendingReparse } from './reparser.js';

const line = (id: string, text: string) => JSON.stringify({ id, text, time: '2026-11-01T10:00:00.000Z' });

/** Version 2 of the toy parser: drops messages whose text starts with "draft", upper-cases "fix". */
const toyV2 = bumpParser(toyAdapter, (batch) => ({
  ...batch,
  messages: batch.messages.filter((m) => !m.text.startsWith('draft')).map((m) => ({ ...m, text: m.text.replace('fix', 'FIX') })),
}));

describe('Reparser (real store, raw records only)', () => {
  const tempHome = useTempHome('devlog-reparser-');
  const engines: Engine[] = [];
  afterEach(() => {
    for (const e of engines.splice(0)) e.dispose();
  });

  async function collectedStore(files: number, options: { keepFiles?: boolean } = {}) {
    const work = tempHome();
    const root = path.join(work, 'root');
    for (let i = 0; i < files; i++) {
      fs.mkdirSync(path.join(root, `proj-${i}`), { recursive: true });
      // A blank line and CRLF endings: offsets must come back exactly from the stored records.
      const text = [line(`m${i}a`, `fix the build ${i}`), '', line(`m${i}b`, `draft note ${i}`), line(`m${i}c`, `done ${i}`)].join('\r\n') + '\r\n';
      fs.writeFileSync(path.join(root, `proj-${i}`, `s${i}.jsonl`), text);
    }
    const engine = Engine.open({ home: path.join(work, 'devlog') });
    engines.push(engine);
    const collector = new Collector(engine, {
      readOn: 'inline',
      adapters: [toyAdapter],
      platform: { platform: process.platform, home: os.homedir(), env: {} },
      rootOverrides: new Map([['claude-code', [root]]]),
    });
    await collector.collectOnce();
    collector.dispose();
    if (!options.keepFiles) fs.rmSync(root, { recursive: true, force: true });
    return Object.assign(engine, { root });
  }

  const rows = (engine: Engine) => engine.db.prepare('SELECT id, text, ordinal, line, seq FROM messages ORDER BY id').all() as { id: string; text: string; ordinal: number; line: number; seq: number }[];

  it('re-derives from stored records only: ids, offsets and lines stay, changed rows alone take a seq, dropped rows go, user metadata stays', async () => {
    const engine = await collectedStore(3);
    const before = rows(engine);
    expect(before).toHaveLength(9);
    engine.db.prepare("INSERT INTO session_meta(session_id, title, starred, updated_at, updated_by, seq) VALUES ('claude-code:s1', 'mine', 1, 'now', 'me', 0)").run();
    expect(needsReparse(engine.db, [toyV2])).toBe(true);

    const progress = await runPendingReparse(engine.db, engine.seq, [toyV2]);
    expect(progress).toMatchObject({ filesTotal: 3, filesDone: 3, records: 9, messagesChanged: 3, rowsRemoved: 3, failed: 0 });
    const after = rows(engine);
    expect(after.map((r) => r.id)).toEqual(before.filter((r) => !r.text.startsWith('draft')).map((r) => r.id));
    for (const r of after) {
      const old = before.find((b) => b.id === r.id)!;
      expect([r.ordinal, r.line]).toEqual([old.ordinal, old.line]);
      if (old.text.startsWith('fix')) {
        expect(r.text).toBe(old.text.replace('fix', 'FIX'));
        expect(r.seq).toBeGreaterThan(old.seq);
      } else expect(r.seq).toBe(old.seq);
    }
    const sessions = engine.db.prepare('SELECT id, message_count FROM sessions ORDER BY id').all();
    expect(sessions).toEqual([0, 1, 2].map((i) => ({ id: `claude-code:s${i}`, message_count: 2 })));
    expect(engine.db.prepare("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'draft'").pluck().get()).toBe(0);
    expect(engine.db.prepare('SELECT title, starred FROM session_meta').get()).toEqual({ title: 'mine', starred: 1 });
    expect(needsReparse(engine.db, [toyV2])).toBe(false);

    // Running again (`devlog reparse`) changes no row, so no row takes a new seq (export sends nothing).
    const seqs = () => engine.db.prepare('SELECT (SELECT max(seq) FROM messages), (SELECT max(seq) FROM sessions), (SELECT max(seq) FROM usage)').raw().get();
    const seqBefore = seqs();
    const rowsBefore = rows(engine);
    queueReparse(engine.db, [toyV2], { all: true });
    expect(await new Reparser(engine.db, engine.seq, [toyV2]).run()).toMatchObject({ filesDone: 3, messagesChanged: 0, rowsRemoved: 0 });
    expect(seqs()).toEqual(seqBefore);
    expect(rows(engine)).toEqual(rowsBefore);
  });

  it('an interrupted run resumes from the files still marked, and ends where an uninterrupted one does', async () => {
    const engine = await collectedStore(4);
    queueReparse(engine.db, [toyV2]);
    const stop = new AbortController();
    const first = await new Reparser(engine.db, engine.seq, [toyV2], (p) => {
      if (p.filesDone === 2) stop.abort();
    }).run(stop.signal);
    expect(first.filesDone).toBe(2);
    expect(engine.db.prepare('SELECT count(*) FROM files WHERE reparse_pending = 1').pluck().get()).toBe(2);
    expect(needsReparse(engine.db, [toyV2])).toBe(true);

    // A new process (the engine restarted): the marks are in the store.
    const resumed = await runPendingReparse(engine.db, engine.seq, [toyV2] as SourceAdapter[]);
    expect(resumed.filesDone).toBe(2);
    expect(needsReparse(engine.db, [toyV2])).toBe(false);
    expect(rows(engine).map((r) => r.text).filter((t) => t.startsWith('draft'))).toEqual([]);
    expect(rows(engine)).toHaveLength(8);
  });

  it('lines kept before positions were stored: read once more from the file while it exists, else left as they are and said so', async () => {
    const engine = await collectedStore(2, { keepFiles: true });
    const before = rows(engine);
    // The layout of the release before 0004: chunks without line positions.
    engine.db.prepare("UPDATE raw_records SET kind = 'legacy', positions = NULL").run();
    fs.rmSync(path.join(engine.root, 'proj-1'), { recursive: true });

    const progress = await runPendingReparse(engine.db, engine.seq, [toyV2]);
    expect(progress).toMatchObject({ filesDone: 2, skipped: 1, failed: 0, rowsRemoved: 1 });
    const after = rows(engine);
    // s0 (file present): re-derived with its real offsets and lines; s1 (gone): untouched.
    expect(after.filter((r) => r.id.includes('m0')).map((r) => [r.id, r.ordinal, r.line])).toEqual(
      before.filter((r) => r.id.includes('m0') && !r.text.startsWith('draft')).map((r) => [r.id, r.ordinal, r.line]),
    );
    expect(after.filter((r) => r.id.includes('m1'))).toEqual(before.filter((r) => r.id.includes('m1')));
    expect(engine.db.prepare("SELECT count(*) FROM raw_records WHERE kind = 'chunk' AND positions IS NOT NULL").pluck().get()).toBe(1);
    expect(engine.db.prepare("SELECT reason FROM problems WHERE place = 'file'").pluck().all()).toEqual([expect.stringContaining('the file is gone')]);
    expect(needsReparse(engine.db, [toyV2])).toBe(true);
  });

  it('stays responsive: the event loop runs between files', async () => {
    const engine = await collectedStore(3);
    queueReparse(engine.db, [toyV2]);
    let filesDone = 0;
    const reparser = new Reparser(engine.db, engine.seq, [toyV2], (p) => (filesDone = p.filesDone));
    // Queued before the run: it must get its turn while files remain, not after the last one.
    const doneWhenOtherWorkRan = new Promise<number>((resolve) => setImmediate(() => resolve(filesDone)));
    const [progress, seenDone] = await Promise.all([reparser.run(), doneWhenOtherWorkRan]);
    expect(progress.filesDone).toBe(3);
    expect(seenDone).toBeLessThan(3);
  });
});
