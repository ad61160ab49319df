import { isObject, type JsonObject } from './json-fields.js';
import { formatBytes } from '../../../src-shared/format.js';

/**
 * Content blocks as stored: the same structure minus payloads nobody reads (base64 images and
 * documents become a placeholder with media type and size; thinking signatures and redacted
 * thinking data are dropped). Walks nested blocks too (images inside tool results).
 */
export function trimContent(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(trimContent);
  if (!isObject(value)) return value;
  const base64 = base64Source(value);
  if (base64) return { type: value.type, placeholder: placeholderFor(String(value.type), base64), mediaType: base64.mediaType, bytes: base64.bytes };
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'signature' && value.type === 'thinking') continue;
    if (key === 'data' && value.type === 'redacted_thinking') continue;
    out[key] = trimContent(child);
  }
  return out;
}

interface Base64Payload {
  mediaType: string;
  bytes: number;
}

function base64Source(block: JsonObject): Base64Payload | undefined {
  const source = block.source;
  if (!isObject(source) || source.type !== 'base64' || typeof source.data !== 'string') return undefined;
  const mediaType = typeof source.media_type === 'string' ? source.media_type : 'unknown';
  return { mediaType, bytes: base64DecodedBytes(source.data) };
}

function base64DecodedBytes(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((data.length * 3) / 4) - padding);
}

function placeholderFor(type: string, payload: Base64Payload): string {
  return `[${type} ${payload.mediaType}, ${formatBytes(payload.bytes)}]`;
}

/** The blocks of a message content (a plain string is one text block). */
export function contentBlocks(content: unknown): JsonObject[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? content.filter(isObject) : [];
}

/** Text of the blocks of one type, joined; images count as their placeholder. */
export function joinedText(blocks: JsonObject[], type: 'text' | 'thinking'): string {
  const parts: string[] = [];
  for (const block of blocks) {
    if (block.type !== type) continue;
    const text = type === 'thinking' ? block.thinking : block.text;
    if (typeof text === 'string' && text !== '') parts.push(text);
  }
  return parts.join('\n\n');
}

/** A tool result's content (string or blocks) as plain text; images become their placeholder. */
export function toolResultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const parts: string[] = [];
  for (const block of content) {
    if (!isObject(block)) continue;
    if (block.type === 'text' && typeof block.text === 'string') parts.push(block.text);
    const base64 = base64Source(block);
    if (base64) parts.push(placeholderFor(String(block.type), base64));
  }
  return parts.join('\n');
}
