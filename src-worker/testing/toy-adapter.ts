import picomatch from 'picomatch';
import { emptyBatch, type AppendHandler, type SourceAdapter } from '../sources/types.js';

/**
 * A minimal append-only adapter for collector tests: `<root>/<project>/<session>.jsonl` with
 * lines {"id","text","time"}. It exercises the collector, not any agent's format.
 */
const isLog = picomatch('*/*.jsonl');

export const toyHandler: AppendHandler = {
  kind: 'append',
  parseLines(lines, file) {
    const batch = emptyBatch();
    const session = file.relPath.split('/')[1]!.replace(/\.jsonl$/, '');
    for (const line of lines) {
      batch.raw.push({ text: line.text, offset: line.offset, line: line.line });
      let rec: { id?: unknown; text?: unknown; time?: unknown };
      try {
        rec = JSON.parse(line.text) as typeof rec;
      } catch (err) {
        batch.problems.push({ line: line.line, offset: line.offset, reason: `not JSON: ${(err as Error).message}` });
        continue;
      }
      if (typeof rec.id !== 'string' || typeof rec.text !== 'string') {
        batch.problems.push({ line: line.line, offset: line.offset, reason: 'field id or text missing' });
        continue;
      }
      batch.sessions.push({ nativeId: session, workspace: `/work/${file.relPath.split('/')[0]}` });
      batch.messages.push({
        id: rec.id,
        sessionNativeId: session,
        role: 'user',
        text: rec.text,
        ordinal: line.offset,
        line: line.line,
        ...(typeof rec.time === 'string' ? { time: rec.time } : {}),
      });
    }
    return batch;
  },
};

export const toyAdapter: SourceAdapter = {
  agent: 'claude-code',
  displayName: 'Toy',
  defaultRoots: () => [],
  maxDepth: 2,
  parserVersion: 1,
  handlerFor: (rel) => (isLog(rel) ? toyHandler : undefined),
};
