/**
 * Content blocks repeat what other columns already hold: the text (messages.text), tool inputs
 * and results (tool_calls). Stored as is, they doubled the store. Keep the blocks' order and
 * kinds, drop the copies; the raw record still has every byte of the original.
 */
const TEXT_TYPES = new Set(['text', 'input_text', 'output_text']);

type Block = Record<string, unknown>;

function compactBlock(block: unknown, messageText: string): unknown {
  if (typeof block !== 'object' || block === null || Array.isArray(block)) return block;
  const b = block as Block;
  const type = typeof b.type === 'string' ? b.type : undefined;
  if (type && TEXT_TYPES.has(type) && typeof b.text === 'string' && messageText.includes(b.text)) return { type };
  if (type === 'tool_use' || type === 'function_call' || type === 'custom_tool_call') {
    const { input: _input, arguments: _args, ...rest } = b;
    return rest;
  }
  if (type === 'tool_result' || type === 'function_call_output' || type === 'custom_tool_call_output') {
    const { content: _content, output: _output, ...rest } = b;
    return rest;
  }
  return block;
}

/** The content worth storing beside the text, or undefined when the text says it all. */
export function compactContent(content: unknown, messageText: string): unknown {
  if (!Array.isArray(content)) return content;
  const blocks = content.map((b) => compactBlock(b, messageText));
  const onlyText = blocks.every((b) => typeof b === 'object' && b !== null && Object.keys(b).length === 1 && TEXT_TYPES.has(String((b as Block).type)));
  return onlyText ? undefined : blocks;
}
