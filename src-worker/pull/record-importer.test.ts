import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WireRecord } from '../../src-shared/sync-wire.js';
import { Engine } from '../engine.js';
import { WireRecordReader } from '../export/wire-records.js';
import { writeClaudeSessions } from '../export/testing/local-sessions.js';
import { applyLocalEdit } from '../metadata/index.js';
import { startEngine } from '../start-engine.js';
import { findCounterDrift } from '../store/session-counters.js';
import { checkFulltextIntegrity, countMatches } from '../store/testing/fulltext-integrity.js';
import { useTempHome } from '../testing/temp-home.js';
import { RecordImporter } from './record-importer.js';

/**
 * The import path of machine sync on real SQLite stores: machine A collects real Claude Code
 * session files, machine B imports A's wire records. B must then hold the same content (read
 * back as wire records it is identical), the same stats rollups and a whole search index, and
 * importing again must change nothing.
 */

const tempHome = useTempHome('devlog-import-');
const open: Engine[] = [];
afterEach(() => {
  for (const e of open.splice(0)) e.dispose();
});

async function machineWithSessions(workspaces: Record<string, number>, seed: number, options: { editOf?: string } = {}): Promise<{ engine: Engine; ids: string[] }> {
  const home = tempHome();
  const root = path.join(home, 'claude');
  const ids = writeClaudeSessions(root, workspaces, seed);
  if (options.editOf) appendEdit(root, ids[0]!, options.editOf);
  const running = startEngine({ home, mode: 'once', rootOverrides: new Map([['claude-code', [root]]]) });
  await running.historyDone;
  running.stop();
  const engine = Engine.open({ home });
  open.push(engine);
  return { engine, ids };
}

/** One Edit tool call appended to a session file: a file the session changed. */
function appendEdit(root: string, id: string, file: string): void {
  const native = id.slice('claude-code:'.length);
  const sessionFile = (fs.readdirSync(root, { recursive: true }) as string[]).find((f) => f.endsWith(`${native}.jsonl`))!;
  const line = {
    type: 'assistant',
    uuid: `${native}-edit`,
    parentUuid: null,
    sessionId: native,
    timestamp: '2026-01-01T00:00:30.000Z',
    cwd: path.dirname(path.dirname(file)),
    message: { id: 'msg_edit', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'tool_use', id: 'toolu_edit', name: 'Edit', input: { file_path: file, old_string: 'a', new_string: 'b' } }] },
  };
  fs.appendFileSync(path.join(root, sessionFile), JSON.stringify(line) + '\n');
}

function emptyMachine(): Engine {
  const engine = Engine.open({ home: tempHome() });
  open.push(engine);
  return engine;
}

/** The sessions as wire records, read as their origin machine sends them (default: this engine's own). */
function recordsOf(engine: Engine, ids: string[], origin: string = engine.machineId): WireRecord[] {
  const reader = new WireRecordReader(engine.db, origin);
  return ids.flatMap((id) => reader.read(id)!.records);
}

function importInto(engine: Engine, records: WireRecord[], sender: string) {
  const importer = new RecordImporter(engine.db, engine.seq, engine.machineId);
  return engine.seq.transaction(() => importer.importBatch(records, { id: sender, name: 'laptop-a' }));
}

const rollups = (engine: Engine) => ({
  quarter: engine.db.prepare('SELECT * FROM stats_rollup WHERE messages <> 0 OR tool_calls <> 0 OR input <> 0 OR output <> 0 ORDER BY 1, 2, 3, 4, 5').all(),
  day: engine.db.prepare('SELECT * FROM stats_rollup_day WHERE messages <> 0 OR tool_calls <> 0 OR input <> 0 OR output <> 0 ORDER BY 1, 2, 3, 4, 5').all(),
  activity: engine.db.prepare('SELECT * FROM session_activity ORDER BY 1, 2, 3').all(),
});

describe('importing another machine\'s records', () => {
  it('gives the same sessions, messages, tool calls, usage, counters, rollups and search as the machine that collected them, once', async () => {
    const a = await machineWithSessions({ '/home/ada/work/api': 4, '/home/ada/work/web': 3 }, 31, { editOf: '/home/ada/work/api/src/app.ts' });
    const b = emptyMachine();
    const records = recordsOf(a.engine, a.ids);
    expect(records.filter((r) => r.kind === 'tool_call').length).toBeGreaterThan(0);
    expect(records.filter((r) => r.kind === 'usage').length).toBeGreaterThan(0);

    const first = importInto(b, records, a.engine.machineId);
    expect(first.inserted).toBe(records.length);
    expect(first.skipped + first.duplicates).toBe(0);

    // Read back on B, every record is what A sent: content, hashes and the origin machine.
    expect(recordsOf(b, a.ids, a.engine.machineId)).toEqual(records);
    const origins = b.db.prepare('SELECT DISTINCT origin_machine AS o FROM sessions').all() as { o: string }[];
    expect(origins).toEqual([{ o: a.engine.machineId }]);
    expect(b.db.prepare('SELECT name FROM machines WHERE id = ?').get(a.engine.machineId)).toEqual({ name: 'laptop-a' });
    expect(rollups(b)).toEqual(rollups(a.engine));
    expect(findCounterDrift(b.db)).toEqual([]);
    // The files the tool calls touched, as A derived them at collection (the --file filter and a session's file list).
    const touches = (e: Engine) => e.db.prepare('SELECT session_id, path, rel_path, action, time FROM file_touches ORDER BY 1, 2, 4, 5').all();
    expect(touches(a.engine).length).toBeGreaterThan(0);
    expect(touches(b)).toEqual(touches(a.engine));
    checkFulltextIntegrity(b.db);
    const word = (records.find((r) => r.kind === 'message' && r.text.length > 20) as { text: string }).text.match(/[A-Za-z]{5,}/)![0];
    expect(countMatches(b.db, 'messages_fts', word)).toBe(countMatches(a.engine.db, 'messages_fts', word));
    expect(countMatches(b.db, 'messages_fts', word)).toBeGreaterThan(0);

    // The same records again (a pull re-run after a crash): nothing changes, no seq is taken.
    const seqBefore = b.seq.last;
    const again = importInto(b, records, a.engine.machineId);
    expect(again).toMatchObject({ inserted: 0, updated: 0, duplicates: records.length });
    expect(b.seq.last).toBe(seqBefore);
    expect(rollups(b)).toEqual(rollups(a.engine));
  });

  it('takes a changed message in place (search and rollups follow) and a message before its session', async () => {
    const a = await machineWithSessions({ '/home/ada/work/api': 1 }, 32);
    const b = emptyMachine();
    const records = recordsOf(a.engine, a.ids);
    const [session, ...rest] = records;
    // Rows first, then the session (a server feed may order them so): the session fills in the placeholder.
    importInto(b, [...rest, session!], a.engine.machineId);
    expect(recordsOf(b, a.ids, a.engine.machineId)).toEqual(records);
    expect(rollups(b)).toEqual(rollups(a.engine));

    const message = rest.find((r) => r.kind === 'message')! as Extract<WireRecord, { kind: 'message' }>;
    const edited = { ...message, text: 'zebracorn appears only here', hash: 'changed-hash' };
    expect(importInto(b, [edited], a.engine.machineId)).toMatchObject({ updated: 1 });
    expect(countMatches(b.db, 'messages_fts', 'zebracorn')).toBe(1);
    checkFulltextIntegrity(b.db);
    expect(b.db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: rest.filter((r) => r.kind === 'message').length });
  });

  it('never overwrites a session collected on this machine, and a deleted session takes no content', async () => {
    const a = await machineWithSessions({ '/home/ada/work/api': 2 }, 33);
    const records = recordsOf(a.engine, a.ids);
    // A's own records coming back (an echo through a remote): all left alone.
    const echo = importInto(a.engine, records.map((r) => (r.kind === 'message' ? { ...r, text: 'overwritten', hash: 'x' } : r)), 'someone-else');
    expect(echo.skipped).toBe(records.length);
    expect(recordsOf(a.engine, a.ids)).toEqual(records);

    // B deleted the first session before its content arrived: the tombstone keeps it out.
    const b = emptyMachine();
    applyLocalEdit(b.db, b.seq, a.ids[0]!, { deleted: true }, b.machineId);
    const counts = importInto(b, records, a.engine.machineId);
    const ofFirst = records.filter((r) => (r.kind === 'session' ? r.id : 'sessionId' in r ? r.sessionId : r.id) === a.ids[0]).length;
    expect(counts.skipped).toBe(ofFirst);
    expect(b.db.prepare('SELECT id FROM sessions').all()).toEqual([{ id: a.ids[1] }]);
  });

  it('applies session metadata by last-writer-wins: a newer edit wins, an older one is stale', async () => {
    const a = await machineWithSessions({ '/home/ada/work/api': 1 }, 34);
    const b = emptyMachine();
    importInto(b, recordsOf(a.engine, a.ids), a.engine.machineId);
    const id = a.ids[0]!;
    const older = applyLocalEdit(a.engine.db, a.engine.seq, id, { title: 'from A' }, a.engine.machineId, new Date('2026-03-01T00:00:00Z'));
    const newer = applyLocalEdit(b.db, b.seq, id, { title: 'from B', starred: true }, b.machineId, new Date('2026-03-02T00:00:00Z'));
    expect(older.version).toBe(newer.version);
    expect(importInto(b, [older], a.engine.machineId)).toMatchObject({ metaApplied: 0, metaStale: 1 });
    expect(importInto(a.engine, [newer], b.machineId)).toMatchObject({ metaApplied: 1 });
    const title = (e: Engine) => e.db.prepare('SELECT title, starred FROM session_meta WHERE session_id = ?').get(id);
    expect(title(a.engine)).toEqual({ title: 'from B', starred: 1 });
    expect(title(b)).toEqual(title(a.engine));
  });
});
