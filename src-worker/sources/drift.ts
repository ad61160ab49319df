/**
 * Format drift: records of kinds, or with fields, that an adapter does not know. Agents change
 * their formats with new releases; counting what was not understood, per agent version, turns a
 * release that changed the format into a number in `devlog status` and `devlog doctor` instead
 * of silently missing data. The record itself is still kept raw and parsed as far as it goes.
 */

/** One count: `kind <name>` for an unknown record kind, `field <name>` for an unknown field. */
export interface DriftCount {
  /** The agent version that wrote the records, when the file says (else null). */
  version: string | null;
  item: string;
  count: number;
}

export class FormatDrift {
  private readonly counts = new Map<string, DriftCount>();
  private version: string | null = null;

  /** Sets the agent version later counts belong to (the version can change mid-file). */
  setVersion(version: string | undefined): void {
    this.version = version ?? null;
  }

  kind(name: string): void {
    this.add(`kind ${name}`);
  }

  field(name: string): void {
    this.add(`field ${name}`);
  }

  /** Counts every key of `record` that is not in `known`, prefixed (`message.foo`). */
  fields(record: Record<string, unknown>, known: ReadonlySet<string>, prefix = ''): void {
    for (const key of Object.keys(record)) if (!known.has(key)) this.field(prefix + key);
  }

  /** Counted so far, for NormalizedBatch.drift (undefined when nothing drifted). */
  result(): DriftCount[] | undefined {
    return this.counts.size ? [...this.counts.values()] : undefined;
  }

  private add(item: string): void {
    const key = `${this.version ?? ''}\u0000${item}`;
    const entry = this.counts.get(key);
    if (entry) entry.count++;
    else this.counts.set(key, { version: this.version, item, count: 1 });
  }
}

/** Adds one drift count to a batch directly (adapters that do not keep a FormatDrift). */
export function noteDrift(batch: { drift?: DriftCount[] }, version: string | undefined, item: string): void {
  const list = (batch.drift ??= []);
  const entry = list.find((d) => d.item === item && d.version === (version ?? null));
  if (entry) entry.count++;
  else list.push({ version: version ?? null, item, count: 1 });
}
