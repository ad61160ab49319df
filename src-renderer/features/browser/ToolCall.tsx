import type { ToolCallView } from '../../../src-shared/contract/index.js';
import { formatCount } from '../shared/format.js';
import { Collapsible } from './Collapsible.js';

/** A one-line hint of what a call did: the command, path or pattern from its input. */
function inputHint(input: string | null): string {
  if (!input) return '';
  try {
    const parsed = JSON.parse(input) as Record<string, unknown>;
    for (const key of ['command', 'file_path', 'path', 'pattern', 'url', 'query', 'description']) {
      if (typeof parsed[key] === 'string') return (parsed[key] as string).split('\n')[0]!.slice(0, 120);
    }
  } catch {
    // Not JSON: the agent's own string.
  }
  return input.split('\n')[0]!.slice(0, 120);
}

function prettyInput(input: string): string {
  try {
    return JSON.stringify(JSON.parse(input), null, 2);
  } catch {
    return input;
  }
}

/** A tool call, folded to one line; open, its input and result (cut results say so). */
export function ToolCall({ call }: { call: ToolCallView }) {
  const hint = inputHint(call.input);
  return (
    <Collapsible
      className={`tool-call${call.isError ? ' tool-error' : ''}`}
      label={
        <>
          <span className="tool-name">Tool call {call.name}</span>
          {hint ? <span className="tool-hint ellipsis">{hint}</span> : null}
          {call.isError ? <span className="chip state-error">error</span> : null}
        </>
      }
    >
      <h4>Input</h4>
      <pre className="tool-input">{call.input ? prettyInput(call.input) : '(none)'}</pre>
      <h4>Result</h4>
      <pre className="tool-result">{call.result ?? '(no result)'}</pre>
      {call.resultTruncated ? <p className="muted">Result cut: {formatCount(call.result?.length ?? 0)} of {formatCount(call.resultChars)} characters shown.</p> : null}
    </Collapsible>
  );
}
