/**
 * The two small Cline-family files:
 * - `tasks/<taskId>/task_metadata.json` `{files_in_context[], model_usage[{ts, model_id, ...}],
 *   environment_history[{ts, cline_version, host_name, ...}]}`: models and the extension version.
 * - `state/taskHistory.json`: the task list, `[{id, ts, task, tokensIn, tokensOut, ...,
 *   cwdOnTaskInitialization?, shadowGitConfigWorkTree?, workspace? (Roo Code), modelId?}]`:
 *   the workspace of each task, which its own files do not state. Its token totals are not
 *   used: the per-request rows of ui_messages.json are the usage (no double counting).
 */
import { absolutePath, isObject } from '../json-read.js';
import { emptyBatch, type NormalizedBatch, type SessionRecord } from '../types.js';
import { asArray, asNumber, asText, toIsoTime } from '../vscode-family/json-shapes.js';
import type { FormatDrift } from '../drift.js';

const KNOWN_METADATA = new Set(['files_in_context', 'model_usage', 'environment_history']);

export function parseTaskMetadata(value: unknown, taskId: string, drift: FormatDrift): NormalizedBatch {
  const out = emptyBatch();
  if (!isObject(value)) {
    out.problems.push({ reason: 'wrong shape: expected {files_in_context, model_usage, environment_history}' });
    return out;
  }
  drift.fields(value, KNOWN_METADATA, 'metadata.');
  const times: number[] = [];
  const models = new Set<string>();
  for (const use of asArray(value.model_usage).filter(isObject)) {
    const ts = asNumber(use.ts);
    if (ts !== undefined) times.push(ts);
    const model = asText(use.model_id);
    if (model) models.add(model);
  }
  const environments = asArray(value.environment_history).filter(isObject);
  for (const env of environments) {
    const ts = asNumber(env.ts);
    if (ts !== undefined) times.push(ts);
  }
  const latest = environments.at(-1);
  const extra: Record<string, unknown> = {};
  const version = asText(latest?.cline_version) ?? asText(latest?.extension_version);
  if (version) extra.extensionVersion = version;
  const host = [asText(latest?.host_name), asText(latest?.host_version)].filter(Boolean).join(' ');
  if (host) extra.host = host;
  times.sort((a, b) => a - b);
  out.sessions.push({ nativeId: taskId, startedAt: toIsoTime(times[0]), models: [...models], extra: Object.keys(extra).length ? extra : undefined });
  return out;
}

/** The extension version a task's metadata names, for drift counts of its other files. */
export function metadataVersion(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  const latest = asArray(value.environment_history).filter(isObject).at(-1);
  return asText(latest?.cline_version) ?? asText(latest?.extension_version);
}

export function parseTaskHistory(items: unknown[]): NormalizedBatch {
  const out = emptyBatch();
  items.forEach((item, index) => {
    const id = isObject(item) ? asText(item.id) : undefined;
    if (!isObject(item) || id === undefined) {
      out.problems.push({ reason: `taskHistory[${index}]: not a task with an id` });
      return;
    }
    const session: SessionRecord = { nativeId: id, startedAt: toIsoTime(asNumber(item.ts)) };
    const workspace = absolutePath(item.cwdOnTaskInitialization) ?? absolutePath(item.workspace) ?? absolutePath(item.shadowGitConfigWorkTree);
    if (workspace) session.workspace = workspace;
    const model = asText(item.modelId);
    if (model) session.models = [model];
    out.sessions.push(session);
  });
  return out;
}
