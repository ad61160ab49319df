/** A small seeded PRNG (mulberry32): the same seed gives the same cases, so a failure can be replayed. */
export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  bytes(n: number): Buffer {
    return Buffer.from(Array.from({ length: n }, () => this.int(256)));
  }

  /** Printable ASCII plus the characters parsers trip on. */
  text(maxLength: number): string {
    const alphabet = 'abcXYZ019 -_./\\%?#&=;:,"\'<>[]{}()*~@!$+^`|\t\u00e9\u4e2d\u{1f600}';
    const chars = [...alphabet];
    return Array.from({ length: this.int(maxLength + 1) }, () => this.pick(chars)).join('');
  }
}
