import type { WritableDb } from '../store/database.js';
import type { SeqAllocator } from '../store/seq.js';
import { readSessionMeta, writeSessionMeta, type SessionMeta } from './session-meta-row.js';

/** One user edit; fields left out stay as they are. */
export interface MetaEdit {
  /** A new title; null or '' gives the agent's title back. */
  title?: string | null;
  addTags?: string[];
  removeTags?: string[];
  starred?: boolean;
  hidden?: boolean;
  deleted?: boolean;
}

/**
 * Applies a user's edit made on this machine: version = stored version + 1 and updated_by =
 * this machine, so it wins over every edit this machine has seen (last-writer-wins).
 */
export function applyLocalEdit(db: WritableDb, seq: SeqAllocator, sessionId: string, edit: MetaEdit, machineId: string, now: Date = new Date()): SessionMeta {
  return seq.transaction(() => {
    const current = readSessionMeta(db, sessionId);
    let tags = current?.tags ?? [];
    if (edit.addTags?.length) tags = [...new Set([...tags, ...edit.addTags])];
    if (edit.removeTags?.length) tags = tags.filter((t) => !edit.removeTags!.includes(t));
    const title = edit.title === undefined ? (current?.title ?? null) : edit.title?.trim() || null;
    const next: SessionMeta = {
      kind: 'session_meta',
      id: sessionId,
      version: (current?.version ?? 0) + 1,
      updatedAt: now.toISOString(),
      updatedBy: machineId,
      title,
      tags,
      starred: edit.starred ?? current?.starred ?? false,
      hidden: edit.hidden ?? current?.hidden ?? false,
      deleted: edit.deleted ?? current?.deleted ?? false,
    };
    writeSessionMeta(db, seq, next);
    return next;
  });
}
