export { applyLocalEdit, type MetaEdit } from './apply-local.js';
export { applyRemoteMeta, type ApplyOutcome } from './apply-remote.js';
export { readSessionMeta, type SessionMeta } from './session-meta-row.js';
