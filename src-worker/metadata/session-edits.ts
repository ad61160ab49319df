import type { SessionMetaEdit, SessionMetaView } from '../../src-shared/contract/index.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import type { Engine } from '../engine.js';
import { findSession } from '../query/session-lookup.js';
import { applyLocalEdit } from './apply-local.js';
import { MAX_TAGS, parseMetaEdit } from './edit-params.js';
import { readSessionMeta, type SessionMeta } from './session-meta-row.js';

export function toMetaView(meta: SessionMeta): SessionMetaView {
  return {
    sessionId: meta.id,
    title: meta.title ?? null,
    tags: meta.tags,
    starred: meta.starred,
    hidden: meta.hidden,
    deleted: meta.deleted,
    version: meta.version,
    updatedAt: meta.updatedAt,
    updatedBy: meta.updatedBy,
  };
}

/**
 * A user's edit of a session on this machine (the CLI's `devlog session ...`, the UI): finds the
 * session by what the user typed, refuses edits of a deleted one, and tells the engine, so
 * exporters send the change soon.
 */
export function editSessionMeta(engine: Engine, params: unknown): SessionMetaView {
  const edit: SessionMetaEdit = parseMetaEdit(params);
  const session = findSession(engine.db, edit.id, { includeDeleted: true });
  const current = readSessionMeta(engine.db, session.id);
  if (current?.deleted) {
    throw new DevlogError(ErrorCodes.NotFound, edit.deleted ? `session ${session.id} is already deleted` : `session ${session.id} was deleted`, 'id');
  }
  const { id: _typed, ...change } = edit;
  const tagCount = new Set([...(current?.tags ?? []), ...(change.addTags ?? [])]).size;
  if (tagCount > MAX_TAGS) throw new DevlogError(ErrorCodes.BadRequest, `a session has at most ${MAX_TAGS} tags (this would make ${tagCount})`, 'addTags');
  const meta = applyLocalEdit(engine.db, engine.seq, session.id, change, engine.machineId);
  engine.notifyChanged(); // the status carries the new last seq: exporters pick the edit up
  engine.sessionsChanged([session.id]); // an open list or transcript shows the edit
  return toMetaView(meta);
}
