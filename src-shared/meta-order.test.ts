import { describe, expect, it } from 'vitest';
import { compareMeta, type MetaStamp } from './meta-order.js';

const meta = (_session: string, version: number, over: Partial<MetaStamp> & { title?: string } = {}) => ({ version, updatedAt: '2025-01-03T00:00:00.000Z', updatedBy: 'machine-1', deleted: false, ...over });

/**
 * Competing edits of one session that differ in each tie-breaker: version, time (including
 * microseconds that JS dates cannot hold), and machine ids whose order differs between code
 * points, UTF-16 code units and a locale's collation ('B' < 'a', '-' ignored by locales,
 * an astral character above U+FFFF against one just below it).
 */
const EDITS = [
  meta('s', 1, { updatedBy: 'a-machine', title: 'v1 a' }),
  meta('s', 2, { updatedAt: '2025-01-01T00:00:00.000Z', updatedBy: 'zeta', title: 'v2 older' }),
  meta('s', 2, { updatedAt: '2025-01-02T00:00:00.000Z', updatedBy: 'B', title: 'v2 later B' }),
  meta('s', 2, { updatedAt: '2025-01-02T00:00:00.000+00:00', updatedBy: 'a', title: 'v2 later a' }),
  meta('s', 2, { updatedAt: '2025-01-02T01:00:00.000+01:00', updatedBy: 'ab', title: 'v2 later ab (same instant, other zone)' }),
  meta('s', 2, { updatedAt: '2025-01-02T00:00:00.000999Z', updatedBy: 'a-b', title: 'v2 later a-b (sub-ms)' }),
  meta('s', 2, { updatedAt: '2025-01-02T00:00:00.000Z', updatedBy: '\u{1F600}', title: 'v2 later astral' }),
  meta('s', 2, { updatedAt: '2025-01-02T00:00:00.000Z', updatedBy: '\uFFFD', title: 'v2 later U+FFFD' }),
];

describe('compareMeta', () => {
  it('orders by version, then time in milliseconds, then machine id by code point', () => {
    expect(compareMeta(EDITS[1]!, EDITS[0]!)).toBe(1);
    expect(compareMeta(EDITS[1]!, EDITS[2]!)).toBe(-1);
    expect(compareMeta(EDITS[2]!, EDITS[3]!)).toBe(-1); // 'B' < 'a'
    expect(compareMeta(EDITS[3]!, EDITS[4]!)).toBe(-1); // same instant written in another zone
    expect(compareMeta(EDITS[5]!, EDITS[3]!)).toBe(1); // 'a-b' > 'a': sub-millisecond digits do not count
    expect(compareMeta(EDITS[6]!, EDITS[7]!)).toBe(1); // U+1F600 > U+FFFD, though its UTF-16 unit is lower
    expect(compareMeta(EDITS[6]!, { ...EDITS[6]! })).toBe(0);
  });

  it('a delete wins over any later edit that is not one, so a deleted session never comes back', () => {
    const tombstone = meta('s', 1, { deleted: true, updatedAt: '2024-01-01T00:00:00.000Z' });
    for (const edit of EDITS) expect(compareMeta(tombstone, edit)).toBe(1);
    // Between two deletes the usual order decides (their flags are equal).
    expect(compareMeta(tombstone, meta('s', 2, { deleted: true }))).toBe(-1);
  });
});

