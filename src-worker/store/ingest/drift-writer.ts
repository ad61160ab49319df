import type { AgentId } from '../../../src-shared/domain.js';
import type { DriftCount } from '../../sources/drift.js';
import type { WritableDb } from '../database.js';

/**
 * Keeps each file's format-drift counts (migration 0007): a parse of the whole file replaces
 * them, a piece of an append-only file adds to them; re-derivation clears them and adds its own.
 */
export class DriftWriter {
  private readonly clear;
  private readonly add;

  constructor(db: WritableDb) {
    this.clear = db.prepare('DELETE FROM format_drift WHERE file_id = ?');
    this.add = db.prepare(
      `INSERT INTO format_drift(file_id, agent, version, item, count) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(file_id, version, item) DO UPDATE SET count = count + excluded.count`,
    );
  }

  clearFile(fileId: number): void {
    this.clear.run(fileId);
  }

  write(fileId: number, agent: AgentId, drift: DriftCount[] | undefined, wholeFile: boolean): void {
    if (wholeFile) this.clearFile(fileId);
    for (const d of drift ?? []) this.add.run(fileId, agent, d.version ?? '', d.item, d.count);
  }
}
