import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AGENT_IDS } from '../../src-shared/domain.js';
import { Collector } from '../collect/collector.js';
import { parseRootFlags } from '../collect/roots.js';
import { Engine } from '../engine.js';
import { querySessions } from '../query/sessions.js';
import { SOURCE_ADAPTERS } from '../sources/registry.js';
import type { NormalizedBatch, SourceAdapter } from '../sources/types.js';
import { openReadableDb } from '../store/database.js';
import { contentHash } from '../store/ingest/hash.js';
import { bumpParser } from '../testing/bumped-adapter.js';
import { layOutSharedFixtures, sharedFixturesAvailable } from '../testing/shared-fixtures.js';
import { storeDigest } from '../testing/store-snapshot.js';
import { useTempHome } from '../testing/temp-home.js';
import { needsReparse, runPendingReparse, staleFiles, type ReparseProgress } from './reparser.js';

const available = sharedFixturesAvailable();

/**
 * A parser change as a release would ship it: usage counted differently (output + 7 per
 * response: the kind of fix the Claude usage rule gets), assistant text changed (so the search
 * index must follow), and thinking entries no longer produced (so rows must go away).
 */
function changedOutput(batch: NormalizedBatch): NormalizedBatch {
  return {
    ...batch,
    messages: batch.messages
      .filter((m) => m.kind !== 'thinking')
      .map((m) => (m.role === 'assistant' ? { ...m, text: `${m.text} zqxreparsed` } : m)),
    usage: batch.usage.map((u) => ({ ...u, output: u.output + 7 })),
  };
}

const NEXT_RELEASE: SourceAdapter[] = SOURCE_ADAPTERS.map((a) => bumpParser(a, changedOutput));

async function ingest(home: string, roots: string[], adapters: readonly SourceAdapter[]): Promise<void> {
  const engine = Engine.open({ home });
  const collector = new Collector(engine, {
    readOn: 'inline',
    adapters,
    platform: { platform: process.platform, home: os.homedir(), env: {} },
    rootOverrides: parseRootFlags(roots.filter((r) => r !== '--root'), AGENT_IDS),
  });
  try {
    await collector.collectOnce();
  } finally {
    collector.dispose();
    engine.dispose();
  }
}

/**
 * Rewrites the raw records the way the release before migration 0004 stored them: append
 * chunks without line positions, one snapshot per whole file (its records joined by '\n'),
 * database records without their keys, and no root or relative path on the file rows.
 */
function toPre0004Layout(dbPath: string): void {
  const engine = Engine.open({ home: path.dirname(dbPath) });
  const db = engine.db;
  try {
    db.transaction(() => {
      db.prepare("UPDATE raw_records SET kind = 'legacy', positions = NULL WHERE kind = 'chunk'").run();
      const manifests = db.prepare('SELECT file_id, entries FROM raw_manifests').all() as { file_id: number; entries: string }[];
      for (const { file_id, entries } of manifests) {
        const texts = (JSON.parse(entries) as [string][]).map(([hash]) => {
          const data = db.prepare('SELECT data FROM raw_records WHERE file_id = ? AND hash = ?').pluck().get(file_id, hash) as Buffer;
          return zlib.inflateRawSync(data).toString('utf8');
        });
        const text = texts.join('\n');
        db.prepare('DELETE FROM raw_records WHERE file_id = ?').run(file_id);
        db.prepare("INSERT INTO raw_records(file_id, hash, line_count, data) VALUES (?, ?, ?, ?)").run(file_id, contentHash(text), texts.length, zlib.deflateRawSync(text));
      }
      db.prepare('DELETE FROM raw_manifests').run();
      db.prepare("UPDATE raw_records SET kind = 'legacy', rkey = NULL WHERE kind = 'kv'").run();
      db.prepare('UPDATE files SET root = NULL, rel_path = NULL').run();
    })();
  } finally {
    engine.dispose();
  }
}

function searchCount(dbPath: string, word: string): number {
  const db = openReadableDb(dbPath);
  try {
    return db.prepare('SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?').pluck().get(word) as number;
  } finally {
    db.close();
  }
}

describe.skipIf(!available)('re-deriving rows from stored raw records after the agents deleted their files', () => {
  const tempHome = useTempHome('devlog-reparse-');

  async function upgradeScenario(options: { legacyLayout: boolean }) {
    const work = tempHome();
    const laidOut = layOutSharedFixtures(work);
    // Aider came after the pre-0004 layout: a store of that age cannot hold its files.
    const roots = options.legacyLayout ? laidOut.roots.filter((flag, i, all) => !flag.startsWith('aider=') && !all[i + 1]?.startsWith('aider=')) : laidOut.roots;
    const agents = laidOut.agents;
    const upgraded = path.join(work, 'upgraded');
    const fresh = path.join(work, 'fresh');
    await ingest(upgraded, roots, SOURCE_ADAPTERS);
    if (options.legacyLayout) toPre0004Layout(path.join(upgraded, 'devlog.db'));
    // The reference: the next release reading the agents' files from scratch.
    await ingest(fresh, roots, NEXT_RELEASE);
    for (const flag of roots) if (flag !== '--root') fs.rmSync(flag.slice(flag.indexOf('=') + 1), { recursive: true, force: true });

    const before = storeDigest(path.join(upgraded, 'devlog.db'));
    const engine = Engine.open({ home: upgraded });
    const seen: ReparseProgress[] = [];
    let progress: ReparseProgress;
    try {
      expect(needsReparse(engine.db, SOURCE_ADAPTERS)).toBe(false);
      expect(needsReparse(engine.db, NEXT_RELEASE)).toBe(true);
      progress = await runPendingReparse(engine.db, engine.seq, NEXT_RELEASE, (p) => seen.push(p));
      expect(staleFiles(engine.db, NEXT_RELEASE)).toEqual([]);
    } finally {
      engine.dispose();
    }
    return { upgraded, fresh, before, progress, seen, agents };
  }

  it('a store of the previous parser version equals a fresh ingest by the new one: sessions, totals, search', async () => {
    const { upgraded, fresh, before, progress, seen, agents } = await upgradeScenario({ legacyLayout: false });
    const after = storeDigest(path.join(upgraded, 'devlog.db'));
    const expected = storeDigest(path.join(fresh, 'devlog.db'));
    expect(after).not.toEqual(before);
    expect(after.counts).toEqual(expected.counts);
    expect(after.digest).toEqual(expected.digest);

    expect(progress.failed).toBe(0);
    expect(progress.rereadFromSource).toBe(0);
    expect(progress.filesDone).toBe(progress.filesTotal);
    expect(progress.filesTotal).toBeGreaterThanOrEqual(10);
    expect(progress.records).toBeGreaterThan(1000);
    expect(progress.rowsRemoved).toBeGreaterThan(0);
    expect(seen.filter((p) => p.running).map((p) => p.filesDone)).toEqual([...Array(progress.filesTotal + 1).keys()]);

    // Search follows the new text, through the same query code the CLI uses.
    expect(searchCount(path.join(upgraded, 'devlog.db'), 'zqxreparsed')).toBe(searchCount(path.join(fresh, 'devlog.db'), 'zqxreparsed'));
    const db = openReadableDb(path.join(upgraded, 'devlog.db'));
    try {
      const found = querySessions(db, { search: 'zqxreparsed', limit: 500 });
      expect(found.sessions.length).toBeGreaterThan(5);
      expect(new Set(found.sessions.map((s) => s.agent))).toEqual(new Set(agents));
    } finally {
      db.close();
    }
  }, 300_000);

  it('a store written before per-record raw storage re-derives the same rows (Cursor databases excepted: they need the database)', async () => {
    const { upgraded, fresh, progress } = await upgradeScenario({ legacyLayout: true });
    expect(progress.failed).toBe(0);
    expect(progress.rereadFromSource).toBe(2);
    const db = (p: string) => openReadableDb(path.join(p, 'devlog.db'));
    const rows = (dir: string) => {
      const d = db(dir);
      try {
        return {
          sessions: d.prepare("SELECT id, message_count, tool_call_count, input_tokens, output_tokens, cache_read_tokens FROM sessions WHERE agent <> 'cursor' ORDER BY id").all(),
          messages: d.prepare("SELECT id, hash FROM messages WHERE id NOT LIKE 'cursor:%' ORDER BY id").all(),
          usage: d.prepare("SELECT key, input, output FROM usage WHERE key NOT LIKE 'cursor:%' ORDER BY key").all(),
          toolCalls: d.prepare("SELECT id, hash FROM tool_calls WHERE id NOT LIKE 'cursor:%' ORDER BY id").all(),
        };
      } finally {
        d.close();
      }
    };
    const after = rows(upgraded);
    const expected = rows(fresh);
    expect(after.sessions.length).toBeGreaterThan(10);
    expect(after).toEqual(expected);
    // Whole files moved to one row per record as they were re-derived.
    const d = db(upgraded);
    try {
      expect(d.prepare("SELECT count(*) FROM raw_manifests").pluck().get()).toBeGreaterThan(3);
    } finally {
      d.close();
    }
  }, 300_000);
});
