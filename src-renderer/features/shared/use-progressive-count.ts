import { useEffect, useState } from 'react';

/**
 * How many of `total` items to render: a first screenful at once, then more in steps between
 * frames, so a transcript of thousands of turns shows its start at once and the page stays
 * responsive while the rest arrives. Starts over when `key` changes (another session).
 */
export function useProgressiveCount(total: number, key: string | undefined, first = 120, step = 240): number {
  const [state, setState] = useState({ key, count: first });
  const count = state.key === key ? state.count : first;
  useEffect(() => {
    if (count >= total) return;
    const timer = setTimeout(() => setState({ key, count: count + step }), 16);
    return () => clearTimeout(timer);
  }, [count, total, key, step]);
  return Math.min(count, total);
}
