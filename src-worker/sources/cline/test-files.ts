/**
 * Small Cline task folders written the way the extension writes them (compact JSON arrays),
 * shaped after the real Cline 3.51 sample in shared/fixtures/cline: for tests only.
 */
import fs from 'node:fs';
import path from 'node:path';

export const TASK_ID = '1769053680585';
export const T0 = Date.UTC(2026, 0, 22, 3, 48, 0);

const env = (time: string, cwd?: string) =>
  `<environment_details>\n# Visual Studio Code Visible Files\nmain.py\n\n# Current Time\n${time}\n` +
  (cwd ? `\n# Current Working Directory (${cwd}) Files\nmain.py\n` : '') +
  '\n# Current Mode\nACT MODE\n</environment_details>';

export function apiHistory(cwd = '/home/ada/snake') {
  return [
    { role: 'user', content: [{ type: 'text', text: '<task>\nAdd a pause key to the snake game\n</task>' }, { type: 'text', text: env('1/22/2026, 3:48:00 AM (UTC, UTC+0:00)', cwd) }] },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'I should read main.py first.', signature: 'sig' },
        { type: 'text', text: 'Let me look at the game loop.' },
        { type: 'tool_use', id: 'toolu_read1', name: 'read_file', input: { path: 'main.py' } },
      ],
      modelInfo: { modelId: 'claude-sonnet-4-5-20250929', providerId: 'anthropic', mode: 'act' },
      metrics: { tokens: { prompt: 10, completion: 120, cached: 900 } },
    },
    { role: 'user', content: [{ type: 'text', text: "[read_file for 'main.py'] Result:\nwhile running:\n    tick()" }, { type: 'text', text: env('1/22/2026, 3:48:17 AM (UTC, UTC+0:00)') }] },
    {
      role: 'assistant',
      content: [{ type: 'text', text: 'I added a pause key on P.' }, { type: 'tool_use', id: 'toolu_done', name: 'attempt_completion', input: { result: 'Pause on P' } }],
      modelInfo: { modelId: 'claude-sonnet-4-5-20250929', providerId: 'anthropic', mode: 'act' },
    },
  ];
}

const modelInfo = { providerId: 'anthropic', modelId: 'claude-sonnet-4-5-20250929', mode: 'act' };
const request = (ts: number, usage: Record<string, number>) => ({
  ts,
  type: 'say',
  say: 'api_req_started',
  text: JSON.stringify({ request: '<task>…', ...usage, cost: 0.01 }),
  modelInfo,
  conversationHistoryIndex: -1,
});

export function uiMessages() {
  return [
    { ts: T0, type: 'say', say: 'text', text: 'Add a pause key to the snake game' },
    request(T0 + 1000, { tokensIn: 10, tokensOut: 120, cacheWrites: 900, cacheReads: 0 }),
    { ts: T0 + 5000, type: 'say', say: 'tool', text: '{"tool":"readFile","path":"main.py"}', modelInfo, conversationHistoryIndex: 0 },
    request(T0 + 17_000, { tokensIn: 12, tokensOut: 80, cacheWrites: 40, cacheReads: 900 }),
    { ts: T0 + 30_000, type: 'say', say: 'completion_result', text: 'Pause on P', modelInfo, conversationHistoryIndex: 2 },
  ];
}

export function taskMetadata() {
  return {
    files_in_context: [{ path: 'main.py', record_state: 'active', record_source: 'read_tool', cline_read_date: T0 + 5000 }],
    model_usage: [{ ts: T0 - 50, model_id: 'claude-sonnet-4-5-20250929', model_provider_id: 'anthropic', mode: 'act' }],
    environment_history: [{ ts: T0 - 60, os_name: 'linux', host_name: 'Visual Studio Code', host_version: '1.108.1', cline_version: '3.51.0' }],
  };
}

/** Writes a whole task folder (and the task list) under an extension's storage root. */
export function writeTask(root: string, taskId = TASK_ID, options: { cwd?: string } = {}): string {
  const dir = path.join(root, 'tasks', taskId);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'api_conversation_history.json'), JSON.stringify(apiHistory(options.cwd)));
  fs.writeFileSync(path.join(dir, 'ui_messages.json'), JSON.stringify(uiMessages()));
  fs.writeFileSync(path.join(dir, 'task_metadata.json'), JSON.stringify(taskMetadata(), null, 2));
  fs.mkdirSync(path.join(root, 'state'), { recursive: true });
  fs.writeFileSync(path.join(root, 'state', 'taskHistory.json'), JSON.stringify([{ id: taskId, ts: T0, task: 'Add a pause key', tokensIn: 22, tokensOut: 200, totalCost: 0.02, cwdOnTaskInitialization: options.cwd ?? '/home/ada/snake' }]));
  return dir;
}
