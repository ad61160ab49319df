import type { FileHandler, NormalizedBatch, SourceAdapter } from '../sources/types.js';

/**
 * Test-only: the same adapter with a newer parser version whose output `change` alters, the
 * way a parser fix would (say, a new usage rule). Every handler kind is wrapped, including the
 * re-derivation entry points.
 */
export function bumpParser(adapter: SourceAdapter, change: (batch: NormalizedBatch) => NormalizedBatch): SourceAdapter {
  const wrapped = new Map<FileHandler, FileHandler>();
  const wrap = (h: FileHandler): FileHandler => {
    if (h.kind === 'append') return { ...h, parseLines: (lines, file, state) => change(h.parseLines(lines, file, state)) };
    if (h.kind === 'sqlite') return { ...h, readDatabase: (db, file, state) => change(h.readDatabase(db, file, state)) };
    const parseRecords = h.parseRecords;
    return {
      ...h,
      parseFile: (content, file, state) => change(h.parseFile(content, file, state)),
      ...(parseRecords ? { parseRecords: (records, file, state) => change(parseRecords(records, file, state)) } : {}),
    };
  };
  return {
    ...adapter,
    parserVersion: adapter.parserVersion + 1,
    handlerFor(relPath) {
      const h = adapter.handlerFor(relPath);
      if (!h) return undefined;
      if (!wrapped.has(h)) wrapped.set(h, wrap(h));
      return wrapped.get(h);
    },
  };
}
