/** Gemini content: a string or a list of Parts (`{text}`, `{inlineData}`, `{functionCall}`, `{functionResponse}`, ...). */
import { isObject, str } from '../json-read.js';

function partsOf(content: unknown): unknown[] {
  if (content === undefined || content === null) return [];
  return Array.isArray(content) ? content : [content];
}

/** The text of the parts, joined as the model reads them (streamed chunks have no separator). */
export function partsText(content: unknown): string {
  return partsOf(content)
    .map((part) => (typeof part === 'string' ? part : isObject(part) && part.thought !== true ? (str(part.text) ?? '') : ''))
    .join('');
}

export function hasFunctionResponse(content: unknown): boolean {
  return partsOf(content).some((part) => isObject(part) && isObject(part.functionResponse));
}

/** The content without inline file/image data (the raw record keeps it). */
export function trimParts(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  return content.map((part) => {
    if (!isObject(part) || !isObject(part.inlineData)) return part;
    return { ...part, inlineData: { ...part.inlineData, data: '[omitted]' } };
  });
}

export interface ToolResult {
  text?: string;
  isError?: boolean;
}

/** A tool call's result Parts as text: each functionResponse's output (or error), plus any text parts. */
export function toolResult(result: unknown, resultDisplay: unknown): ToolResult {
  const texts: string[] = [];
  let isError: boolean | undefined;
  for (const part of partsOf(result)) {
    if (typeof part === 'string') texts.push(part);
    else if (!isObject(part)) continue;
    else if (isObject(part.functionResponse)) {
      const response = part.functionResponse.response;
      if (isObject(response) && response.error !== undefined) isError = true;
      texts.push(responseText(response));
    } else if (typeof part.text === 'string') texts.push(part.text);
    else if (isObject(part.inlineData)) texts.push('[inline data]');
  }
  const text = texts.filter((t) => t !== '').join('\n');
  return { text: text !== '' ? text : str(resultDisplay), isError };
}

function responseText(response: unknown): string {
  if (typeof response === 'string') return response;
  if (!isObject(response)) return '';
  const text = str(response.output) ?? str(response.error) ?? (isObject(response.error) ? str(response.error.message) : undefined);
  return text ?? JSON.stringify(response);
}
