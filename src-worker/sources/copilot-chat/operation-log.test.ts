import { describe, expect, it } from 'vitest';
import { RetryLaterError } from '../types.js';
import { replayOperationLog } from './operation-log.js';

const log = (...entries: unknown[]): string => entries.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n') + '\n';

describe('replayOperationLog', () => {
  it('replays set, push, truncate-push and delete in order', () => {
    const { value, problems } = replayOperationLog(
      log(
        { kind: 0, v: { title: 'a', items: [1, 2, 3], nested: { list: [] } } },
        { kind: 1, k: ['title'], v: 'b' },
        { kind: 2, k: ['items'], v: [4] },
        { kind: 2, k: ['items'], v: [9], i: 1 },
        { kind: 2, k: ['nested', 'list'], v: [{ x: 1 }] },
        { kind: 1, k: ['nested', 'list', 0, 'x'], v: 2 },
        { kind: 2, k: ['fresh'], v: ['new array'] },
        { kind: 3, k: ['title'] },
      ),
    );
    expect(problems).toEqual([]);
    expect(value).toEqual({ items: [1, 9], nested: { list: [{ x: 2 }] }, fresh: ['new array'] });
  });

  it('truncates without pushing when v is absent', () => {
    const { value } = replayOperationLog(log({ kind: 0, v: { a: [1, 2, 3] } }, { kind: 2, k: ['a'], i: 1 }));
    expect(value).toEqual({ a: [1] });
  });

  it('starts over at a later kind-0 entry', () => {
    const { value } = replayOperationLog(log({ kind: 0, v: { a: 1 } }, { kind: 1, k: ['a'], v: 2 }, { kind: 0, v: { b: 1 } }));
    expect(value).toEqual({ b: 1 });
  });

  it('reports a broken line in the middle with its line number and goes on', () => {
    const { value, problems } = replayOperationLog(log({ kind: 0, v: { a: 1 } }, '{"kind":1,"k":["a"],', { kind: 1, k: ['a'], v: 3 }));
    expect(value).toEqual({ a: 3 });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.line).toBe(2);
    expect(problems[0]!.reason).toMatch(/unparseable operation/);
  });

  it('reports operations that do not fit the object', () => {
    const { value, problems } = replayOperationLog(
      log({ kind: 1, k: ['a'], v: 1 }, { kind: 0, v: { a: 1 } }, { kind: 1, k: ['missing', 'deep'], v: 1 }, { kind: 2, k: ['a'], v: [1] }, { kind: 7 }),
    );
    expect(value).toEqual({ a: 1 });
    expect(problems.map((p) => p.line)).toEqual([1, 3, 4, 5]);
  });

  it('asks to retry when the last line is cut off mid-write', () => {
    const content = log({ kind: 0, v: { a: 1 } }) + '{"kind":1,"k":["a"],"v":';
    expect(() => replayOperationLog(content)).toThrow(RetryLaterError);
  });

  it('accepts a complete last line without a trailing newline', () => {
    const { value } = replayOperationLog(JSON.stringify({ kind: 0, v: { a: 1 } }));
    expect(value).toEqual({ a: 1 });
  });
});
