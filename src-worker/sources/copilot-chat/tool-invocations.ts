/**
 * Copilot Chat tool calls. The response holds `toolInvocationSerialized` parts (VS Code's view:
 * toolId, toolCallId, messages, resultDetails); the model's own calls with their JSON arguments
 * are in `result.metadata.toolCallRounds` under different ids. The two lists are paired by
 * position only when they have the same length: a UI part per model call is the common case,
 * but some tools show two parts (e.g. copilot_insertEdit + vscode_editFile_internal), and then
 * a guess would attach the wrong arguments.
 */
import type { ToolCallRecord } from '../types.js';
import { asArray, asText, isRecord, markdownText, parseMaybeJson, type JsonObject } from '../vscode-family/json-shapes.js';
import { uriPath } from './response-parts.js';

interface ModelToolCall {
  id?: string;
  name?: string;
  arguments: unknown;
  result?: string;
}

export function toolCallRecords(
  invocations: JsonObject[],
  result: unknown,
  sessionNativeId: string,
  messageId: string,
): ToolCallRecord[] {
  const modelCalls = modelToolCalls(result);
  const paired = modelCalls.length === invocations.length;
  return invocations.map((part, index) => {
    const model = paired ? modelCalls[index] : undefined;
    const details = part.resultDetails;
    const record: ToolCallRecord = {
      id: asText(part.toolCallId) ?? `${messageId}:tool:${index}`,
      sessionNativeId,
      messageId,
      name: asText(part.toolId) ?? model?.name,
    };
    const input = model?.arguments ?? inputFromPart(part);
    if (input !== undefined) record.input = input;
    const output = outputText(details) ?? model?.result ?? nonEmpty(markdownText(part.pastTenseMessage));
    if (output !== undefined) record.result = output;
    if (isRecord(details) && details.isError === true) record.isError = true;
    return record;
  });
}

/** The input VS Code kept for the tool: raw input, a terminal command, or what it said it did. */
function inputFromPart(part: JsonObject): unknown {
  const data = part.toolSpecificData;
  if (isRecord(data)) {
    if (data.kind === 'input' && data.rawInput !== undefined) return data.rawInput;
    if (data.kind === 'terminal') {
      const line = isRecord(data.commandLine) ? data.commandLine : {};
      const command = asText(line.toolEdited) ?? asText(line.userEdited) ?? asText(line.original) ?? asText(data.command);
      if (command) return { command, language: asText(data.language) };
    }
  }
  const details = part.resultDetails;
  if (isRecord(details) && details.input !== undefined) return parseMaybeJson(details.input);
  const message = nonEmpty(markdownText(part.invocationMessage));
  return message === undefined ? undefined : { invocationMessage: message };
}

/** Text of resultDetails: output parts (binary ones as a placeholder) or a list of files. */
function outputText(details: unknown): string | undefined {
  if (Array.isArray(details)) {
    const files = details.map((d) => uriPath(isRecord(d) && 'uri' in d ? d.uri : d)).filter((p): p is string => !!p);
    return files.length > 0 ? files.join('\n') : undefined;
  }
  if (!isRecord(details)) return undefined;
  const outputs = Array.isArray(details.output) ? details.output : details.output === undefined ? [] : [details.output];
  const texts = outputs.map((o) => {
    if (!isRecord(o)) return undefined;
    if (typeof o.value === 'string' && o.isText !== false) return o.value;
    const mime = asText(o.mimeType) ?? 'data';
    return `[${mime} output omitted]`;
  });
  const joined = texts.filter((t): t is string => t !== undefined).join('\n');
  return nonEmpty(joined);
}

function modelToolCalls(result: unknown): ModelToolCall[] {
  const metadata = isRecord(result) && isRecord(result.metadata) ? result.metadata : undefined;
  if (!metadata) return [];
  const results = isRecord(metadata.toolCallResults) ? metadata.toolCallResults : {};
  const calls: ModelToolCall[] = [];
  for (const round of asArray(metadata.toolCallRounds)) {
    if (!isRecord(round)) continue;
    for (const call of asArray(round.toolCalls)) {
      if (!isRecord(call)) continue;
      const id = asText(call.id);
      calls.push({
        id,
        name: asText(call.name),
        arguments: parseMaybeJson(call.arguments),
        result: id ? nonEmpty(collectText(results[id], 0)) : undefined,
      });
    }
  }
  return calls;
}

/** The visible text of a tool result as Copilot stored it (prompt-tsx trees with `text` leaves). */
function collectText(value: unknown, depth: number): string {
  if (depth > 40 || value === null || typeof value !== 'object') return '';
  if (Array.isArray(value)) return value.map((v) => collectText(v, depth + 1)).join('');
  const obj = value as JsonObject;
  if (typeof obj.text === 'string') return obj.text;
  if (typeof obj.value === 'string') return obj.value;
  return Object.entries(obj)
    .filter(([key]) => key !== 'props' && key !== 'references')
    .map(([, v]) => collectText(v, depth + 1))
    .join('');
}

function nonEmpty(text: string | undefined): string | undefined {
  return text !== undefined && text.trim() !== '' ? text : undefined;
}
