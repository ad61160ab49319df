import { words, type Random } from './random.js';

const MODELS = ['claude-sonnet-4-5-20250929', 'claude-opus-4-1-20250805', 'claude-haiku-4-5-20251001'];
const TOOLS = ['Bash', 'Read', 'Edit', 'Grep', 'Write'];

export interface ClaudeSessionSpec {
  sessionId: string;
  cwd: string;
  targetBytes: number;
  startMs: number;
  withSubagent: boolean;
}

interface Ctx {
  rng: Random;
  spec: ClaudeSessionSpec;
  clock: number;
  parent: string | null;
  version: string;
  sidechain: boolean;
  agentId?: string;
}

function base(ctx: Ctx, type: 'user' | 'assistant') {
  const uuid = ctx.rng.uuid();
  ctx.clock += ctx.rng.int(200, 20_000);
  const rec: Record<string, unknown> = {
    parentUuid: ctx.parent,
    isSidechain: ctx.sidechain,
    userType: 'external',
    cwd: ctx.spec.cwd,
    sessionId: ctx.spec.sessionId,
    version: ctx.version,
    gitBranch: 'main',
    type,
    uuid,
    timestamp: new Date(ctx.clock).toISOString(),
  };
  if (ctx.agentId) rec.agentId = ctx.agentId;
  ctx.parent = uuid;
  return rec;
}

/** One turn: a prompt, then an assistant response split over lines with repeated usage, tools. */
function turn(ctx: Ctx, out: string[]): number {
  const { rng } = ctx;
  let bytes = 0;
  const push = (rec: unknown) => {
    const line = JSON.stringify(rec);
    out.push(line);
    bytes += line.length + 1;
  };
  push({ ...base(ctx, 'user'), message: { role: 'user', content: words(rng, rng.int(40, 600)) } });
  const model = rng.pick(MODELS);
  const calls = rng.int(0, 3);
  for (let c = 0; c <= calls; c++) {
    const messageId = `msg_${rng.hex(24)}`;
    const requestId = `req_${rng.hex(24)}`;
    const usage = {
      input_tokens: rng.int(3, 4000),
      cache_creation_input_tokens: rng.int(0, 20_000),
      cache_read_input_tokens: rng.int(0, 120_000),
      output_tokens: rng.int(1, 3000),
      service_tier: 'standard',
    };
    const blocks: unknown[] = [];
    if (rng.chance(0.5)) blocks.push({ type: 'thinking', thinking: words(rng, rng.int(100, 2000)), signature: rng.hex(200) });
    blocks.push({ type: 'text', text: words(rng, rng.int(100, 4000)) });
    const toolId = `toolu_${rng.hex(24)}`;
    const tool = c < calls ? rng.pick(TOOLS) : undefined;
    if (tool) blocks.push({ type: 'tool_use', id: toolId, name: tool, input: { command: words(rng, rng.int(20, 300)), description: words(rng, 40) } });
    // Each content block is streamed to its own line, all repeating the response's usage.
    for (const block of blocks) {
      push({ ...base(ctx, 'assistant'), requestId, message: { id: messageId, type: 'message', role: 'assistant', model, content: [block], stop_reason: null, stop_sequence: null, usage } });
    }
    if (tool) {
      const output = words(rng, rng.chance(0.1) ? rng.int(8000, 38_000) : rng.int(50, 3000));
      push({
        ...base(ctx, 'user'),
        message: { role: 'user', content: [{ tool_use_id: toolId, type: 'tool_result', content: output, is_error: rng.chance(0.05) }] },
        toolUseResult: { stdout: output.slice(0, 200), stderr: '', interrupted: false },
      });
    }
  }
  return bytes;
}

/** A main session file and, optionally, one subagent file (2.1.x layout). */
export function claudeSession(rng: Random, spec: ClaudeSessionSpec): { main: string; subagent?: { agentId: string; text: string } } {
  const ctx: Ctx = { rng, spec, clock: spec.startMs, parent: null, version: '2.1.14', sidechain: false };
  const lines: string[] = [];
  let bytes = 0;
  while (bytes < spec.targetBytes) bytes += turn(ctx, lines);
  let subagent: { agentId: string; text: string } | undefined;
  if (spec.withSubagent) {
    const agentId = rng.hex(17);
    const sub: Ctx = { rng, spec, clock: spec.startMs + 60_000, parent: null, version: '2.1.14', sidechain: true, agentId };
    const subLines: string[] = [];
    let subBytes = 0;
    while (subBytes < spec.targetBytes / 4) subBytes += turn(sub, subLines);
    subagent = { agentId, text: subLines.join('\n') + '\n' };
  }
  return { main: lines.join('\n') + '\n', ...(subagent ? { subagent } : {}) };
}
