/** Command-line options of `npm run bench -- [options]`. Pure: parsed from argv, no I/O. */

export const MEASUREMENTS = ['baseline', 'ingest', 'ccusage', 'stats', 'resume', 'live', 'search', 'export', 'large-file', 'redaction'] as const;
export type MeasurementId = (typeof MEASUREMENTS)[number];

export interface BenchOptions {
  /** Corpus size in MB. */
  sizeMb: number;
  /** Runs per measurement (the median is reported). */
  runs: number;
  seed: number;
  only: MeasurementId[];
  skip: MeasurementId[];
  /** Size of the single-file case (default: twice the corpus, 600 MB at the default size). */
  largeMb: number;
  /** Messages in the store the search is timed on. */
  searchMessages: number;
  liveAppends: number;
  idleSeconds: number;
  /** Profile every profiled case (node --cpu-prof plus a memory probe), not only those short of a target. */
  profile: boolean;
  /** Never take the extra profiled runs, even for a missed target. */
  noProfile: boolean;
  /** Keep the work folder (stores, homes) instead of deleting it at the end. */
  keep: boolean;
  /** Skip the FTS diagnostics of the ingest (with/without triggers, rebuild). */
  noDiagnostics: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm run bench -- [options]

  --size MB            corpus size (default 300)
  --runs N             runs per measurement, the median is reported (default 3)
  --only a,b           run only these measurements
  --skip a,b           skip these measurements
  --seed N             corpus seed (default 42)
  --large-mb MB        size of the single-file case (default: 2 x --size, 600 at the default)
  --search-messages N  messages in the store the search is timed on (default 1000000)
  --live-appends N     lines appended in the live test (default 200)
  --idle-seconds N     idle CPU/RSS sampling window (default 30)
  --profile            profile ingest, stats, resume and large-file even where they meet their
                       targets (one extra run each under node --cpu-prof with a memory probe;
                       without it, only measurements short of a target are profiled)
  --no-profile         no extra profiled runs at all
  --no-diagnostics     skip the ingest diagnostics (without FTS triggers, FTS rebuild)
  --keep               keep bench/data/work-* (stores, homes) after the run

Measurements: ${MEASUREMENTS.join(', ')}`;

function positive(flag: string, value: string | undefined, integer = true): number {
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`${flag}: expected a positive ${integer ? 'whole ' : ''}number, got ${value ?? 'nothing'}`);
  }
  return n;
}

function ids(flag: string, value: string | undefined): MeasurementId[] {
  if (!value) throw new Error(`${flag}: expected a list like ingest,search`);
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const id of list) {
    if (!(MEASUREMENTS as readonly string[]).includes(id)) throw new Error(`${flag}: unknown measurement "${id}" (known: ${MEASUREMENTS.join(', ')})`);
  }
  return list as MeasurementId[];
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const o: BenchOptions = {
    sizeMb: 300,
    runs: 3,
    seed: 42,
    only: [],
    skip: [],
    largeMb: 0,
    searchMessages: 1_000_000,
    liveAppends: 200,
    idleSeconds: 30,
    profile: false,
    noProfile: false,
    keep: false,
    noDiagnostics: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--size': o.sizeMb = positive(flag, value(), false); break;
      case '--runs': o.runs = positive(flag, value()); break;
      case '--seed': o.seed = positive(flag, value()); break;
      case '--only': o.only = ids(flag, value()); break;
      case '--skip': o.skip = ids(flag, value()); break;
      case '--large-mb': o.largeMb = positive(flag, value(), false); break;
      case '--search-messages': o.searchMessages = positive(flag, value()); break;
      case '--live-appends': o.liveAppends = positive(flag, value()); break;
      case '--idle-seconds': o.idleSeconds = positive(flag, value(), false); break;
      case '--profile': o.profile = true; break;
      case '--no-profile': o.noProfile = true; break;
      case '--keep': o.keep = true; break;
      case '--no-diagnostics': o.noDiagnostics = true; break;
      case '--help': case '-h': o.help = true; break;
      default: throw new Error(`unknown option ${arg}\n\n${USAGE}`);
    }
  }
  if (!o.largeMb) o.largeMb = o.sizeMb * 2;
  return o;
}

/** The measurements to run, in the order. */
export function selected(o: Pick<BenchOptions, 'only' | 'skip'>): MeasurementId[] {
  return MEASUREMENTS.filter((id) => (o.only.length === 0 || o.only.includes(id)) && !o.skip.includes(id));
}
