/** Text and content blocks of Codex (OpenAI Responses API) items. */
import { isObject, str, tryParseJson } from '../json-read.js';

/**
 * Starts of the text Codex injects as role-user messages (codex-rs model_visible_context.rs
 * and older builds): the human never typed these.
 */
const INJECTED_MARKERS = [
  '<environment_context>',
  '<user_instructions>',
  '# agents.md instructions for ',
  '<instructions>',
  '<skill>',
  '<user_shell_command>',
  '<turn_aborted>',
  '<plugins>',
  '<subagents>',
  '<subagent_notification>',
];

export function isInjectedText(text: string): boolean {
  const start = text.trimStart().toLowerCase();
  return INJECTED_MARKERS.some((marker) => start.startsWith(marker));
}

/** The text parts of a content array (input_text, output_text, text, refusal), in order. */
export function textParts(content: unknown): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  const parts: string[] = [];
  for (const item of content) {
    if (typeof item === 'string') parts.push(item);
    else if (isObject(item)) {
      const text = str(item.text) ?? str(item.refusal);
      if (text !== undefined) parts.push(text);
    }
  }
  return parts;
}

export function joinText(content: unknown): string {
  return textParts(content).join('\n');
}

const OMITTED = '[omitted]';

/** Content blocks without inline image data or encrypted blobs (kept whole in the raw record). */
export function trimContent(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  return content.map((item) => {
    if (!isObject(item)) return item;
    const copy: Record<string, unknown> = { ...item };
    if (typeof copy.image_url === 'string' && copy.image_url.startsWith('data:')) copy.image_url = OMITTED;
    if ('encrypted_content' in copy) copy.encrypted_content = OMITTED;
    return copy;
  });
}

/** True when the content holds something besides text (an image), so an empty text is not an empty message. */
export function hasNonText(content: unknown): boolean {
  return Array.isArray(content) && content.some((item) => isObject(item) && str(item.text) === undefined && item.type !== 'encrypted_content');
}

export interface ToolOutput {
  text?: string;
  isError?: boolean;
}

/**
 * A tool result as text. Early builds wrap shell output as a JSON string
 * `{"output": "...", "metadata": {"exit_code": 1}}`: unwrap it and flag a non-zero exit.
 */
export function toolOutput(output: unknown): ToolOutput {
  if (typeof output === 'string') {
    const wrapped = output.startsWith('{') ? tryParseJson(output) : undefined;
    if (isObject(wrapped) && typeof wrapped.output === 'string') {
      const exit = isObject(wrapped.metadata) ? wrapped.metadata.exit_code : undefined;
      return { text: wrapped.output, isError: typeof exit === 'number' && exit !== 0 ? true : undefined };
    }
    return { text: output };
  }
  if (Array.isArray(output)) return { text: output.map(outputItemText).filter(Boolean).join('\n') };
  if (isObject(output)) {
    const text = str(output.text) ?? str(output.content) ?? (Array.isArray(output.content) ? joinText(output.content) : undefined);
    const failed = output.success === false ? true : undefined;
    return { text: text ?? JSON.stringify(output), isError: failed };
  }
  return {};
}

function outputItemText(item: unknown): string {
  if (typeof item === 'string') return item;
  if (!isObject(item)) return '';
  if (typeof item.text === 'string') return item.text;
  return item.type === 'input_image' ? '[image]' : '';
}

/** Reasoning items: the readable summary, else the raw reasoning text when a build stores it. */
export function reasoningText(item: Record<string, unknown>): string {
  const summary = textParts(item.summary);
  return (summary.length > 0 ? summary : textParts(item.content)).join('\n\n');
}
