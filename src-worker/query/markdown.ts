import type { SessionTranscript, ToolCallView, TranscriptMessage } from '../../src-shared/contract/index.js';

export interface MarkdownOptions {
  /** Include thinking, injected (meta) text and events; off by default for a readable export. */
  includeMeta?: boolean;
}

/** A code fence longer than any run of backticks inside, so content can never close it. */
export function fenced(text: string, lang = ''): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text.replace(/\n$/, '')}\n${fence}`;
}

/** "2025-06-10 12:36 UTC": readable and the same for every reader of the pull request. */
function when(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : 'unknown';
}

const INPUT_HINT_KEYS = ['command', 'file_path', 'path', 'pattern', 'url', 'query', 'description', 'prompt'];

/** A short hint of what a tool call did (`Bash: git status`), from its most telling input field. */
export function toolCallHint(call: ToolCallView): string {
  let hint = '';
  if (call.input) {
    try {
      const input: unknown = JSON.parse(call.input);
      if (typeof input === 'string') hint = input;
      else if (input && typeof input === 'object') {
        const record = input as Record<string, unknown>;
        const key = INPUT_HINT_KEYS.find((k) => typeof record[k] === 'string');
        if (key) hint = record[key] as string;
      }
    } catch {
      hint = call.input;
    }
  }
  hint = hint.replace(/\s+/g, ' ').trim();
  if (hint.length > 80) hint = `${hint.slice(0, 79)}…`;
  return hint ? `${call.name}: ${hint}` : call.name;
}

function prettyJson(text: string): { body: string; lang: string } {
  try {
    return { body: JSON.stringify(JSON.parse(text), null, 2), lang: 'json' };
  } catch {
    return { body: text, lang: '' };
  }
}

/** Inline code that survives backticks and HTML in the hint. */
function inlineCode(text: string): string {
  const safe = text.replace(/</g, '&lt;');
  return safe.includes('`') ? `<code>${safe}</code>` : `\`${safe}\``;
}

export function toolCallMarkdown(call: ToolCallView): string {
  const status = call.isError ? ' (error)' : '';
  const parts = [`<details><summary>Tool ${inlineCode(toolCallHint(call))}${status}</summary>`, ''];
  if (call.input) {
    const { body, lang } = prettyJson(call.input);
    parts.push('Input:', '', fenced(body, lang), '');
  }
  if (call.result !== null) {
    const cut = call.resultTruncated ? `\n… [${call.resultChars - call.result.length} more characters]` : '';
    parts.push(call.isError ? 'Error:' : 'Result:', '', fenced(call.result + cut), '');
  }
  parts.push('</details>');
  return parts.join('\n');
}

function roleLabel(m: TranscriptMessage): string {
  const role = m.role === 'user' ? 'User' : m.role === 'assistant' ? 'Assistant' : m.role === 'system' ? 'System' : 'Tool';
  const kind = m.kind !== 'message' && m.kind !== 'tool_result' ? ` (${m.kind.replace(/_/g, ' ')})` : '';
  return `${role}${kind}${m.isSidechain ? ' · subagent' : ''}`;
}

function shown(m: TranscriptMessage, options: MarkdownOptions): boolean {
  if (options.includeMeta) return true;
  return !m.isMeta && m.kind !== 'thinking' && m.kind !== 'event';
}

/** The session as Markdown to paste into a pull request: header, then every turn in order. */
export function transcriptToMarkdown(t: SessionTranscript, options: MarkdownOptions = {}): string {
  const s = t.session;
  const out: string[] = [`# ${s.title ?? 'Untitled session'}`, ''];
  const facts = [
    `- Agent: ${s.agent}${s.models.length ? ` (${s.models.join(', ')})` : ''}`,
    s.workspace ? `- Workspace: ${inlineCode(s.workspace)}${s.gitBranch ? ` on branch ${inlineCode(s.gitBranch)}` : ''}` : '',
    `- When: ${when(s.startedAt)} to ${when(s.endedAt)}`,
    `- Messages: ${s.messageCount}, tool calls: ${s.toolCallCount}`,
    `- Session: ${inlineCode(s.id)}`,
    s.tags.length ? `- Tags: ${s.tags.map(inlineCode).join(', ')}` : '',
  ];
  out.push(...facts.filter(Boolean), '');
  for (const entry of t.entries) {
    if (entry.type === 'tool_call') {
      out.push(toolCallMarkdown(entry.call), '');
      continue;
    }
    if (!shown(entry, options)) continue;
    out.push(`## ${roleLabel(entry)}`, '');
    const text = entry.text.trim();
    if (text) out.push(entry.isSidechain ? text.replace(/^/gm, '> ') : text, '');
    for (const call of entry.toolCalls) out.push(toolCallMarkdown(call), '');
  }
  // No clean-up of blank lines here: message text is kept exactly as written.
  return out.join('\n').trimEnd() + '\n';
}
