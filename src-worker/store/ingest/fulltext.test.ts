import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../engine.js';
import { emptyBatch, type NormalizedBatch } from '../../sources/types.js';
import { useTempHome } from '../../testing/temp-home.js';
import { FilesRepo } from '../files-repo.js';
import { IngestWriter } from './ingest-writer.js';

const cursor = { dev: null, ino: null, fingerprint: null, size: 0, mtimeMs: 0, offset: 0, lineNo: 0, contentHash: null, parserState: {}, lastEventAt: null, records: 0, malformed: 0 };

describe('full-text index kept in step by the ingest writer', () => {
  const tempHome = useTempHome();

  it('indexes new rows at commit, re-indexes changed text, and merges tool results later', () => {
    const engine = Engine.open({ home: path.join(tempHome(), 'devlog') });
    try {
      const files = new FilesRepo(engine.db);
      const writer = new IngestWriter(engine.db, engine.seq, files, engine.machineId);
      const file = files.ensure('gemini', '/tmp/x.json');
      const commit = (fill: (b: NormalizedBatch) => void) => {
        const batch = emptyBatch();
        fill(batch);
        writer.commit({ agent: 'gemini', fileId: file.id, path: file.path, batch, cursor });
      };
      const find = (table: 'messages_fts' | 'tool_calls_fts', word: string) =>
        (engine.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${table} MATCH ?`).get(word) as { n: number }).n;

      commit((b) => {
        b.messages.push({ id: 'm1', sessionNativeId: 's', role: 'user', text: 'migrate the zebra table', ordinal: 1 });
        b.toolCalls.push({ id: 't1', sessionNativeId: 's', name: 'shell', input: { command: 'ls quokka' } });
      });
      expect(find('messages_fts', 'zebra')).toBe(1);
      expect(find('tool_calls_fts', 'quokka')).toBe(1);

      // The agent rewrote the message (Gemini: the last copy wins) and the tool result arrived.
      commit((b) => {
        b.messages.push({ id: 'm1', sessionNativeId: 's', role: 'user', text: 'migrate the okapi table', ordinal: 1 });
        b.toolCalls.push({ id: 't1', sessionNativeId: 's', result: 'found narwhal.txt' });
        b.messages.push({ id: 'm2', sessionNativeId: 's', role: 'assistant', text: 'done with the okapi', ordinal: 2 });
      });
      expect(find('messages_fts', 'zebra')).toBe(0);
      expect(find('messages_fts', 'okapi')).toBe(2);
      expect(find('tool_calls_fts', 'narwhal')).toBe(1);
      expect(find('tool_calls_fts', 'quokka')).toBe(1);

      // Re-reading the same input changes nothing in the index.
      commit((b) => b.messages.push({ id: 'm2', sessionNativeId: 's', role: 'assistant', text: 'done with the okapi', ordinal: 2 }));
      expect(find('messages_fts', 'okapi')).toBe(2);
      engine.db.exec("INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)");
      engine.db.exec("INSERT INTO tool_calls_fts(tool_calls_fts, rank) VALUES ('integrity-check', 1)");
    } finally {
      engine.dispose();
    }
  });
});
