/**
 * `tasks/<taskId>/ui_messages.json`: what the extension showed, an array of
 * `{ts, type: "say"|"ask", say|ask, text?, partial?, modelInfo?, conversationHistoryIndex?}`.
 * devlog takes from it what the API history lacks: when the task ran (ts in epoch ms) and the
 * usage of each model request, a JSON string in the text of `say: "api_req_started"` rows
 * (`tokensIn`, `tokensOut`, `cacheWrites`, `cacheReads`, `cost`). A request row is written
 * when the request starts and rewritten with its counts when it ends: the last copy wins.
 */
import { isObject } from '../json-read.js';
import { tokenCount } from '../token-count.js';
import { emptyBatch, type NormalizedBatch } from '../types.js';
import { asNumber, asText, parseMaybeJson, toIsoTime } from '../vscode-family/json-shapes.js';
import type { FormatDrift } from '../drift.js';

const KNOWN_SAY = new Set([
  'task', 'error', 'error_retry', 'api_req_started', 'api_req_finished', 'api_req_retried', 'api_req_deleted', 'deleted_api_reqs',
  'text', 'reasoning', 'completion_result', 'user_feedback', 'user_feedback_diff', 'command', 'command_output', 'tool',
  'shell_integration_warning', 'shell_integration_warning_with_suggestion', 'browser_action_launch', 'browser_action',
  'browser_action_result', 'mcp_server_request_started', 'mcp_server_response', 'mcp_notification', 'use_mcp_server',
  'diff_error', 'clineignore_error', 'checkpoint_created', 'load_mcp_documentation', 'info', 'task_progress',
  'hook', 'hook_output', 'generate_explanation', 'subagent', 'condense_context', 'codebase_search_result', 'rooignore_error',
  'user_edit_todos', 'image', 'too_many_tools_warning',
]);
const KNOWN_ASK = new Set([
  'followup', 'plan_mode_respond', 'act_mode_respond', 'command', 'command_output', 'completion_result', 'tool',
  'api_req_failed', 'resume_task', 'resume_completed_task', 'mistake_limit_reached', 'auto_approval_max_req_reached',
  'browser_action_launch', 'use_mcp_server', 'new_task', 'condense', 'summarize_task', 'report_bug', 'use_subagents',
  'mcp_server_request_started', 'request_limit_reached', 'auto_approval_max_cost_reached', 'payment_required_prompt',
]);
const KNOWN_FIELDS = new Set([
  'ts', 'type', 'say', 'ask', 'text', 'reasoning', 'images', 'files', 'partial', 'modelInfo', 'conversationHistoryIndex',
  'conversationHistoryDeletedRange', 'lastCheckpointHash', 'isCheckpointCheckedOut', 'isOperationOutsideWorkspace',
  'commandCompleted', 'checkpoint', 'progressStatus', 'contextCondense', 'isProtected', 'apiProtocol', 'metadata',
]);

export function parseUiMessages(items: unknown[], taskId: string, drift: FormatDrift): NormalizedBatch {
  const out = emptyBatch();
  const models = new Set<string>();
  let model: string | undefined;
  let first: number | undefined;
  let last: number | undefined;

  items.forEach((row, index) => {
    const ts = isObject(row) ? asNumber(row.ts) : undefined;
    if (!isObject(row) || ts === undefined) {
      out.problems.push({ reason: `ui_messages[${index}]: not a message with a ts` });
      return;
    }
    drift.fields(row, KNOWN_FIELDS);
    const sub = row.type === 'ask' ? asText(row.ask) : asText(row.say);
    if (sub && !(row.type === 'ask' ? KNOWN_ASK : KNOWN_SAY).has(sub)) drift.kind(`${String(row.type)} ${sub}`);
    first = first === undefined ? ts : Math.min(first, ts);
    last = last === undefined ? ts : Math.max(last, ts);
    const rowModel = isObject(row.modelInfo) ? asText(row.modelInfo.modelId) : undefined;
    if (rowModel) models.add((model = rowModel));
    if (row.type !== 'say' || row.say !== 'api_req_started') return;

    const info = parseMaybeJson(row.text);
    if (!isObject(info)) return;
    // Counts arrive when the request ends; until then the row only names the request.
    if (!['tokensIn', 'tokensOut', 'cacheWrites', 'cacheReads'].some((k) => k in info)) return;
    const report = (reason: string) => out.problems.push({ reason: `ui_messages[${index}] (api_req_started): ${reason}` });
    out.usage.push({
      key: `${taskId}:${ts}`,
      sessionNativeId: taskId,
      time: toIsoTime(ts),
      model: rowModel ?? model,
      input: tokenCount(info.tokensIn, 'tokensIn', report),
      output: tokenCount(info.tokensOut, 'tokensOut', report),
      cacheCreation: tokenCount(info.cacheWrites, 'cacheWrites', report),
      cacheRead: tokenCount(info.cacheReads, 'cacheReads', report),
      reasoning: 0,
      onConflict: 'replace',
    });
  });

  out.sessions.push({ nativeId: taskId, startedAt: toIsoTime(first), endedAt: toIsoTime(last), models: [...models] });
  return out;
}
