/**
 * Cline's SDK builds (the CLI, and the extensions since they moved onto the SDK) keep each
 * session under `~/.cline/data/sessions/<id>/`:
 * - `<id>.json`, the manifest: `{version: 1, session_id, source, started_at, ended_at?, status,
 *   provider, model, cwd, workspace_root, prompt?, metadata?: {title?}, ...}`;
 * - `<id>.messages.json`: `{version: 1, updated_at, agent: "lead"|"subagent"|"teammate",
 *   sessionId, messages: [{role, content, id?, modelInfo?: {id, provider}, metrics?, ts?}],
 *   system_prompt?}`, rewritten whole on every save. For a subagent or teammate `sessionId`
 *   names the root session, which becomes the parent.
 * Messages are the Anthropic-style blocks of the task files, so the API-history reader reads
 * them (usage from each message's `metrics`). Source: cline/cline sdk/packages/core
 * (session-manifest.ts, session-data.ts buildMessagesFilePayload).
 */
import { absolutePath, isObject } from '../json-read.js';
import { emptyBatch, type NormalizedBatch } from '../types.js';
import { asText, toIsoTime } from '../vscode-family/json-shapes.js';
import type { FormatDrift } from '../drift.js';
import { parseApiHistory } from './api-history.js';

const KNOWN_MANIFEST = new Set([
  'version', 'session_id', 'source', 'pid', 'started_at', 'ended_at', 'exit_code', 'status', 'interactive', 'provider', 'model', 'cwd',
  'workspace_root', 'anchor_workspace_path', 'team_name', 'enable_tools', 'enable_spawn', 'enable_teams', 'prompt', 'metadata', 'messages_path', 'compaction_path',
]);
const KNOWN_MESSAGES_FILE = new Set(['version', 'updated_at', 'agent', 'sessionId', 'taskType', 'messages', 'system_prompt', 'systemPrompt']);

export function parseSdkManifest(value: unknown, sessionId: string, drift: FormatDrift): NormalizedBatch {
  const out = emptyBatch();
  if (!isObject(value)) {
    out.problems.push({ reason: 'wrong shape: expected a session manifest object' });
    return out;
  }
  drift.fields(value, KNOWN_MANIFEST, 'manifest.');
  const metadata = isObject(value.metadata) ? value.metadata : {};
  const model = asText(value.model);
  const extra = Object.fromEntries(Object.entries({ source: asText(value.source), provider: asText(value.provider), status: asText(value.status) }).filter(([, v]) => v !== undefined));
  out.sessions.push({
    nativeId: asText(value.session_id) ?? sessionId,
    workspace: absolutePath(value.cwd) ?? absolutePath(value.workspace_root),
    title: asText(metadata.title),
    startedAt: toIsoTime(value.started_at),
    endedAt: toIsoTime(value.ended_at),
    models: model ? [model] : [],
    extra: Object.keys(extra).length ? extra : undefined,
  });
  return out;
}

export function parseSdkMessages(value: unknown, sessionId: string, drift: FormatDrift): NormalizedBatch {
  if (!isObject(value) || !Array.isArray(value.messages)) {
    return { ...emptyBatch(), problems: [{ reason: 'wrong shape: expected {sessionId, messages[]}' }] };
  }
  drift.fields(value, KNOWN_MESSAGES_FILE, 'messages file.');
  const out = parseApiHistory(value.messages, sessionId, drift);
  const root = asText(value.sessionId);
  if (value.agent !== undefined && value.agent !== 'lead' && root && root !== sessionId) {
    for (const session of out.sessions) session.parentNativeId = root;
  }
  return out;
}
