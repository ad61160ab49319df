import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AgentId } from '../../src-shared/domain.js';
import { Engine } from '../engine.js';
import { emptyBatch, type MessageRecord, type NormalizedBatch, type SessionRecord, type ToolCallRecord, type UsageRecord } from '../sources/types.js';
import { openReadableDb, type ReadableDb } from '../store/database.js';
import { FilesRepo } from '../store/files-repo.js';
import { IngestWriter } from '../store/ingest/ingest-writer.js';

/**
 * A real store in a temp folder, filled through the real write path (IngestWriter, the same
 * transaction and triggers the collector uses), for tests of the query code.
 */
export class TestStore {
  readonly home: string;
  readonly engine: Engine;
  private readonly files: FilesRepo;
  private readonly writer: IngestWriter;
  private readers: ReadableDb[] = [];

  constructor(home = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-query-'))) {
    this.home = home;
    this.engine = Engine.open({ home });
    this.files = new FilesRepo(this.engine.db);
    this.writer = new IngestWriter(this.engine.db, this.engine.seq, this.files, this.engine.machineId);
  }

  /** Commits records as if read from `file` of `agent` (one transaction, like the collector). */
  commit(agent: AgentId, file: string, records: Partial<NormalizedBatch>): void {
    const row = this.files.ensure(agent, path.join(this.home, 'sources', agent, file));
    const batch = { ...emptyBatch(), ...records };
    this.writer.commit({
      agent,
      fileId: row.id,
      path: row.path,
      batch,
      cursor: { dev: null, ino: null, fingerprint: null, size: 0, mtimeMs: 0, offset: 0, lineNo: 0, contentHash: null, parserState: {}, lastEventAt: null, records: 0, malformed: 0 },
    });
  }

  /** A read-only handle, as the CLI and the RPC handlers get; closed on dispose. */
  reader(): ReadableDb {
    const db = openReadableDb(this.engine.paths.db);
    this.readers.push(db);
    return db;
  }

  dispose(removeHome = true): void {
    for (const db of this.readers.splice(0)) db.close();
    this.engine.dispose();
    if (removeHome) fs.rmSync(this.home, { recursive: true, force: true });
  }
}

/** Builders for the records tests write: only what a test cares about must be given. */
export const rec = {
  session: (nativeId: string, fields: Omit<SessionRecord, 'nativeId'> = {}): SessionRecord => ({ nativeId, ...fields }),
  message: (sessionNativeId: string, id: string, ordinal: number, fields: Partial<MessageRecord> & Pick<MessageRecord, 'role' | 'text'>): MessageRecord => ({
    id,
    sessionNativeId,
    ordinal,
    ...fields,
  }),
  toolCall: (sessionNativeId: string, id: string, fields: Omit<ToolCallRecord, 'id' | 'sessionNativeId'>): ToolCallRecord => ({ id, sessionNativeId, ...fields }),
  usage: (sessionNativeId: string, key: string, model: string | undefined, t: { input?: number; output?: number; cacheRead?: number; cacheCreation?: number; time?: string }): UsageRecord => ({
    key,
    sessionNativeId,
    ...(model ? { model } : {}),
    ...(t.time ? { time: t.time } : {}),
    input: t.input ?? 0,
    output: t.output ?? 0,
    cacheRead: t.cacheRead ?? 0,
    cacheCreation: t.cacheCreation ?? 0,
    reasoning: 0,
  }),
};
