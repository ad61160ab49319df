/**
 * Cline builds before native tool calling (and forks on providers without it) write tool calls
 * as XML inside the assistant's text: `<read_file>\n<path>src/a.ts</path>\n</read_file>`. Only
 * the tool names Cline and its forks define are read as calls, so ordinary XML or HTML in a
 * reply stays text. The results come back as `[read_file for 'src/a.ts'] Result:` user text.
 */

const TOOLS = [
  'execute_command', 'read_file', 'write_to_file', 'replace_in_file', 'apply_diff', 'insert_content', 'search_and_replace',
  'search_files', 'list_files', 'list_code_definition_names', 'codebase_search', 'browser_action', 'use_mcp_tool',
  'access_mcp_resource', 'ask_followup_question', 'attempt_completion', 'plan_mode_respond', 'new_task', 'switch_mode',
  'load_mcp_documentation', 'web_fetch', 'fetch_instructions', 'update_todo_list', 'condense', 'new_rule', 'report_bug',
];
const CALL = new RegExp(`<(${TOOLS.join('|')})>([\\s\\S]*?)</\\1>`, 'g');
const PARAM = /<([a-z_]+)>([\s\S]*?)<\/\1>/g;

export interface XmlToolCall {
  name: string;
  input: Record<string, string>;
}

/** The tool calls written as XML in `text`, in order, and the text without them. */
export function xmlToolCalls(text: string): { calls: XmlToolCall[]; text: string } {
  const calls: XmlToolCall[] = [];
  const rest = text.replace(CALL, (_whole, name: string, body: string) => {
    const input: Record<string, string> = {};
    for (const [, key, value] of body.matchAll(PARAM)) input[key!] = value!.replace(/^\n/, '').replace(/\n$/, '');
    calls.push({ name, input });
    return '';
  });
  return { calls, text: calls.length ? rest.replace(/\n{3,}/g, '\n\n').trim() : text };
}
