import { words, type Random } from './random.js';

/** A Codex CLI rollout: session_meta, then turns of prompt, tool calls, answer and token_count. */
export function codexRollout(rng: Random, opts: { threadId: string; cwd: string; targetBytes: number; startMs: number }): string {
  let clock = opts.startMs;
  const lines: string[] = [];
  let bytes = 0;
  const push = (type: string, payload: unknown) => {
    clock += rng.int(100, 15_000);
    const line = JSON.stringify({ timestamp: new Date(clock).toISOString(), type, payload });
    lines.push(line);
    bytes += line.length + 1;
  };
  push('session_meta', {
    id: opts.threadId,
    timestamp: new Date(clock).toISOString(),
    cwd: opts.cwd,
    originator: 'codex_cli_rs',
    cli_version: '0.46.0',
    instructions: words(rng, 2000),
    git: { branch: 'main', commit_hash: rng.hex(40) },
  });
  let total = { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0, total_tokens: 0 };
  while (bytes < opts.targetBytes) {
    const prompt = words(rng, rng.int(40, 500));
    push('turn_context', { cwd: opts.cwd, model: 'gpt-5-codex', approval_policy: 'on-request', effort: 'medium' });
    push('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: prompt }] });
    push('event_msg', { type: 'user_message', message: prompt, images: [] });
    for (let i = rng.int(0, 3); i > 0; i--) {
      const callId = `call_${rng.hex(24)}`;
      push('response_item', { type: 'function_call', name: 'shell', arguments: JSON.stringify({ command: ['bash', '-lc', words(rng, 60)] }), call_id: callId });
      push('response_item', { type: 'function_call_output', call_id: callId, output: JSON.stringify({ output: words(rng, rng.int(50, 4000)), metadata: { exit_code: 0 } }) });
    }
    push('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: words(rng, rng.int(100, 3000)) }] });
    const last = { input_tokens: rng.int(1000, 30_000), cached_input_tokens: 0, output_tokens: rng.int(50, 3000), reasoning_output_tokens: rng.int(0, 1000), total_tokens: 0 };
    last.cached_input_tokens = rng.int(0, last.input_tokens);
    last.total_tokens = last.input_tokens + last.output_tokens;
    total = {
      input_tokens: total.input_tokens + last.input_tokens,
      cached_input_tokens: total.cached_input_tokens + last.cached_input_tokens,
      output_tokens: total.output_tokens + last.output_tokens,
      reasoning_output_tokens: total.reasoning_output_tokens + last.reasoning_output_tokens,
      total_tokens: total.total_tokens + last.total_tokens,
    };
    push('event_msg', { type: 'token_count', info: { total_token_usage: total, last_token_usage: last, model_context_window: 272000 } });
  }
  return lines.join('\n') + '\n';
}
