/** A small seeded PRNG (mulberry32): the same seed gives the same corpus on every machine. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A UUID-shaped id drawn from the stream (not cryptographic, only unique enough). */
  uuid(): string {
    const hex = (n: number) => Math.floor(this.next() * 16 ** n).toString(16).padStart(n, '0');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + this.int(0, 3)).toString(16)}${hex(3)}-${hex(6)}${hex(6)}`;
  }

  hex(n: number): string {
    let s = '';
    while (s.length < n) s += Math.floor(this.next() * 2 ** 32).toString(16).padStart(8, '0');
    return s.slice(0, n);
  }
}

const WORDS = (
  'the a to of and in is for that it with on as this be are by we not function return const let value file test error ' +
  'update config build server client request response data type string number array object index module import export ' +
  'async await promise cache query session message token model agent workspace branch commit diff patch refactor ' +
  'migrate schema table column insert select where order limit offset cursor watcher stream buffer parse json line'
).split(' ');

/** Prose-like text of about `bytes` bytes. */
export function words(rng: Random, bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const w = rng.pick(WORDS);
    parts.push(w);
    size += w.length + 1;
    if (rng.chance(0.08)) {
      parts.push('\n');
      size++;
    }
  }
  return parts.join(' ');
}
