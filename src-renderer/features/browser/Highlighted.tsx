import type { SearchSnippet } from '../../../src-shared/contract/index.js';

/** Snippet text with the engine's highlight ranges as <mark> (plain text: no markup from data). */
export function Highlighted({ snippet }: { snippet: Pick<SearchSnippet, 'text' | 'highlights'> }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  const ranges = [...snippet.highlights].sort((a, b) => a[0] - b[0]);
  for (const [start, end] of ranges) {
    if (start < at || end <= start) continue;
    if (start > at) parts.push(snippet.text.slice(at, start));
    parts.push(<mark key={start}>{snippet.text.slice(start, end)}</mark>);
    at = end;
  }
  parts.push(snippet.text.slice(at));
  return <>{parts}</>;
}
