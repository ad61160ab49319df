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

/**
 * The long tail real transcripts have (identifiers, file names, error codes): a fixed list of
 * synthetic terms drawn by rank with Zipf-like odds (P(rank r) ~ 1/r), so that a search for a
 * rare term matches a few messages instead of nearly all of them. Built from its own seed: the
 * same term has the same rank on every machine and for every corpus seed.
 */
export const TAIL_SIZE = 50_000;
/** Share of words drawn from the tail instead of the common words. */
const TAIL_SHARE = 0.15;
const SYLLABLES = 'al an ar as be ca co de di do el en er es fa fi ga ha in io ka ke la le li lo ma me mi mo na ne no or pa pe po ra re ri ro sa se si so ta te ti to un va ve vi za ze'.split(' ');
let tail: string[] | undefined;

const capitalize = (s: string) => s[0]!.toUpperCase() + s.slice(1);

function tailWords(): string[] {
  if (tail) return tail;
  const rng = new Random(0x7a11);
  const seen = new Set<string>();
  const list: string[] = [];
  while (list.length < TAIL_SIZE) {
    const parts = rng.int(2, 4);
    let stem = '';
    for (let i = 0; i < parts; i++) stem += rng.pick(SYLLABLES);
    const shape = rng.int(0, 9);
    // camelCase identifiers, file names, ERROR_CODES and snake_case, like code and logs have.
    const word =
      shape < 4 ? `${stem}${capitalize(rng.pick(SYLLABLES))}${rng.pick(SYLLABLES)}`
      : shape < 6 ? `${stem}.${rng.pick(['ts', 'tsx', 'py', 'rs', 'go', 'json', 'md'])}`
      : shape < 7 ? `E_${stem.toUpperCase()}`
      : `${stem}_${rng.pick(SYLLABLES)}`;
    if (seen.has(word)) continue;
    seen.add(word);
    list.push(word);
  }
  tail = list;
  return list;
}

/** The tail term of a rank (1 = most frequent): what the search benchmark looks for. */
export function tailWord(rank: number): string {
  return tailWords()[Math.min(TAIL_SIZE, Math.max(1, rank)) - 1]!;
}

/** Prose-like text of about `bytes` bytes. */
export function words(rng: Random, bytes: number): string {
  const list = tailWords();
  const logSize = Math.log(TAIL_SIZE);
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const w = rng.chance(TAIL_SHARE) ? list[Math.floor(Math.exp(rng.next() * logSize)) - 1]! : rng.pick(WORDS);
    parts.push(w);
    size += w.length + 1;
    if (rng.chance(0.08)) {
      parts.push('\n');
      size++;
    }
  }
  return parts.join(' ');
}
