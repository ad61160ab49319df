import { Random } from './corpus/random.js';

/** The corpus PRNG (seeded mulberry32) plus what fuzz tests draw: the same seed replays a failure. */
export class FuzzRandom extends Random {
  constructor(readonly seed: number) {
    super(seed);
  }

  /** An integer in [0, maxExclusive). */
  below(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  bytes(n: number): Buffer {
    return Buffer.from(Array.from({ length: n }, () => this.below(256)));
  }

  /** Printable ASCII plus the characters parsers trip on. */
  text(maxLength: number): string {
    const alphabet = 'abcXYZ019 -_./\\%?#&=;:,"\'<>[]{}()*~@!$+^`|\t\u00e9\u4e2d\u{1f600}';
    const chars = [...alphabet];
    return Array.from({ length: this.below(maxLength + 1) }, () => this.pick(chars)).join('');
  }
}
