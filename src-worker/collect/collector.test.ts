import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestCollectors } from '../testing/test-collectors.js';
import { toyAdapter } from '../testing/toy-adapter.js';
import { until } from '../testing/until.js';

const line = (id: string, text = `text of ${id}`) => JSON.stringify({ id, text, time: '2026-11-01T10:00:00.000Z' }) + '\n';

describe('Collector (real files, real SQLite)', () => {
  const { tempHome, open } = useTestCollectors();

  function setup(options: { noHistory?: boolean; forcePolling?: boolean } = {}) {
    const home = tempHome();
    const root = path.join(home, 'agent-root');
    fs.mkdirSync(path.join(root, 'proj-a'), { recursive: true });
    const { engine, collector, again } = open([toyAdapter], { 'claude-code': [root] }, { devlogHome: path.join(home, 'devlog'), coalesceMs: 10, ...options });
    const ids = () => (engine.db.prepare('SELECT id FROM messages ORDER BY ordinal').all() as { id: string }[]).map((r) => r.id.replace('claude-code:', ''));
    const maxSeq = () => (engine.db.prepare("SELECT value FROM meta WHERE key = 'next_seq'").get() as { value: string } | undefined)?.value;
    return { engine, collector, again, root, file: path.join(root, 'proj-a', 's1.jsonl'), ids, maxSeq };
  }

  it('collects history once; a second sync adds nothing and takes no new sequence numbers', async () => {
    const { collector, file, ids, maxSeq, engine } = setup();
    fs.writeFileSync(file, line('a') + line('b') + line('c'));
    const first = await collector.collectOnce();
    expect(first).toMatchObject({ files: 1, records: 3, messages: 3, sessions: 1 });
    expect(ids()).toEqual(['a', 'b', 'c']);
    const seqAfterFirst = maxSeq();
    await collector.collectOnce();
    expect(ids()).toEqual(['a', 'b', 'c']);
    expect(maxSeq()).toBe(seqAfterFirst);
    const session = engine.db.prepare('SELECT message_count, first_prompt, workspace FROM sessions').get();
    expect(session).toEqual({ message_count: 3, first_prompt: 'text of a', workspace: '/work/proj-a' });
  });

  it('turns a line written in two parts into exactly one record', async () => {
    const { collector, file, ids } = setup();
    const full = line('a');
    fs.writeFileSync(file, full.slice(0, 10));
    await collector.collectOnce();
    expect(ids()).toEqual([]);
    fs.appendFileSync(file, full.slice(10));
    await collector.collectOnce();
    expect(ids()).toEqual(['a']);
  });

  it('takes a complete last line without a newline, and does not double it when the newline arrives', async () => {
    const { collector, file, ids, engine } = setup();
    fs.writeFileSync(file, line('a') + line('b').trimEnd());
    await collector.collectOnce();
    expect(ids()).toEqual(['a', 'b']);
    fs.appendFileSync(file, '\n' + line('c'));
    await collector.collectOnce();
    expect(ids()).toEqual(['a', 'b', 'c']);
    expect(engine.db.prepare('SELECT count(*) AS n FROM problems').get()).toEqual({ n: 0 });
  });

  it('re-reads a truncated and rewritten file without duplicates or losses', async () => {
    const { collector, file, ids } = setup();
    fs.writeFileSync(file, line('a') + line('b') + line('c'));
    await collector.collectOnce();
    fs.writeFileSync(file, line('a') + line('d'));
    await collector.collectOnce();
    expect(ids().sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('re-reads a file replaced by a new one at the same path (rotation)', async () => {
    const { collector, file, ids } = setup();
    fs.writeFileSync(file, line('a') + line('b'));
    await collector.collectOnce();
    const tmp = file + '.tmp';
    fs.writeFileSync(tmp, line('x', 'other first bytes') + line('a') + line('b') + line('e'));
    fs.renameSync(tmp, file);
    await collector.collectOnce();
    expect(ids().sort()).toEqual(['a', 'b', 'e', 'x']);
  });

  it('counts a broken line as a problem with its line number and collects the rest', async () => {
    const { collector, file, ids, engine } = setup();
    fs.writeFileSync(file, line('a') + '{"id": broken\n' + line('c'));
    const summary = await collector.collectOnce();
    expect(ids()).toEqual(['a', 'c']);
    expect(summary.problems).toBe(1);
    const [source] = collector.status().sources!;
    expect(source!.problemCount).toBe(1);
    expect(source!.problems[0]).toMatchObject({ file, line: 2, message: expect.stringMatching(/not JSON/) });
    await collector.collectOnce();
    expect(engine.db.prepare('SELECT count(*) AS n FROM problems').get()).toEqual({ n: 1 });
  });

  it('reports a file it may not read, and keeps collecting the others', async () => {
    const { collector, root, ids } = setup();
    fs.writeFileSync(path.join(root, 'proj-a', 'ok.jsonl'), line('a'));
    const bad = path.join(root, 'proj-a', 'bad.jsonl');
    fs.writeFileSync(bad, line('z'));
    fs.chmodSync(bad, 0o000);
    const canStillRead = (() => {
      try {
        fs.readFileSync(bad);
        return true;
      } catch {
        return false;
      }
    })();
    await collector.collectOnce();
    if (canStillRead) {
      expect(ids().sort()).toEqual(['a', 'z']); // running as root: permissions do not apply
    } else {
      expect(ids()).toEqual(['a']);
      expect(collector.status().sources![0]!.problems[0]).toMatchObject({ file: bad, message: expect.stringMatching(/permission denied/) });
    }
  });

  it('runs history then live: appended lines, new files and new project folders arrive without restart', async () => {
    const { collector, root, file, ids } = setup();
    fs.writeFileSync(file, line('a'));
    await collector.start();
    expect(ids()).toEqual(['a']);
    expect(collector.status().state).toBe('live');
    expect(collector.status().sources![0]!.roots[0]!.watchMode).toBe('native');

    fs.appendFileSync(file, line('b'));
    await until(() => ids().includes('b'), 'appended line');
    fs.mkdirSync(path.join(root, 'proj-new'));
    await new Promise((r) => setTimeout(r, 100));
    fs.writeFileSync(path.join(root, 'proj-new', 's2.jsonl'), line('n1'));
    await until(() => ids().includes('n1'), 'file in a new project folder');
    expect(collector.status().sources![0]!.lagMs).not.toBeNull();
  });

  it('start --no-history collects only lines written after it started', async () => {
    const { collector, file, ids, root } = setup({ noHistory: true });
    fs.writeFileSync(file, line('old1') + line('old2'));
    await collector.start();
    expect(ids()).toEqual([]);
    fs.appendFileSync(file, line('new1'));
    fs.writeFileSync(path.join(root, 'proj-a', 'fresh.jsonl'), line('new2'));
    await until(() => ids().length === 2, 'new lines');
    expect(ids().sort()).toEqual(['new1', 'new2']);
  });

  it('polls when told to (the fallback when native watching fails) and still collects live', async () => {
    const { collector, file, ids } = setup({ forcePolling: true });
    fs.writeFileSync(file, line('a'));
    await collector.start();
    expect(collector.status().sources![0]!.roots[0]!.watchMode).toBe('polling');
    fs.appendFileSync(file, line('b'));
    // Polling notices a change on its next stat round; on a loaded CI machine that can take a while.
    await until(() => ids().includes('b'), 'appended line while polling', 40_000);
  }, 60_000);

  it('reads on a file that a killed run left between two of its pieces (same size and mtime as its row)', async () => {
    const { engine, collector, again, file, ids } = setup();
    // Three pieces' worth of lines (a piece is at most 256 KB of input).
    const lines = Array.from({ length: 700 }, (_, i) => line(`m${i}`, `${i} `.repeat(300)));
    fs.writeFileSync(file, lines.join(''));
    await collector.collectOnce();
    expect(ids()).toHaveLength(700);
    // What a kill between the first and second piece leaves: the cursor after piece one (with
    // the file's size and mtime in its row), and none of the later rows.
    const firstPiece = lines.slice(0, 200).join('').length;
    engine.db.prepare('UPDATE files SET offset = ?, line_no = 200').run(firstPiece);
    engine.db.prepare("DELETE FROM messages WHERE CAST(substr(id, length('claude-code:m') + 1) AS INTEGER) >= 200").run();
    expect(ids()).toHaveLength(200);
    collector.dispose();

    await again().collectOnce();
    expect(ids()).toHaveLength(700);
  });

  it('reports progress of the history scan', async () => {
    const { collector, root } = setup();
    for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(root, 'proj-a', `s${i}.jsonl`), line(`m${i}`));
    const seen: number[] = [];
    collector.onProgress((p) => seen.push(p.filesDone));
    await collector.collectOnce();
    expect(collector.status().progress!).toMatchObject({ phase: 'done', filesDone: 5, filesTotal: 5 });
    expect(collector.status().progress!.bytesDone).toBe(collector.status().progress!.bytesTotal);
    expect(seen.at(-1)).toBe(5);
  });
});
