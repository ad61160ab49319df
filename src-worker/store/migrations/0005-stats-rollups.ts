import type { WritableDb } from '../database.js';

/**
 * Stats by the time of use, answered from rollups kept up to date by triggers.
 *
 * - stats_rollup: per UTC 15-minute bucket, agent, workspace, model and long-context flag, the
 *   messages, tool calls and tokens. 15 minutes is the finest step any time zone's day starts
 *   on (+5:30, +5:45, DST), so a local day is an exact set of buckets in every zone.
 * - session_activity: which sessions had activity (a message, tool call or usage row, with its
 *   model) in which bucket, with a reference count: distinct sessions per group cannot be summed.
 * - Rows without a time go to bucket (and day) -1, shown as the day "(none)".
 * - Triggers on messages, tool_calls and usage add a row's counts when it is written, take
 *   them away when it is changed or deleted; a session whose agent or workspace changes moves
 *   its counts along, a deleted one takes them away.
 * - The ingest writer defers its own new rows (rollup_deferred, one row inside its transaction:
 *   the rowids each table had when the commit began): triggers leave rows above those alone, and
 *   the writer adds them at the end of the commit with one grouped upsert per table and level
 *   (deferredFlushSql), instead of four upserts per row. Nobody else ever sees that row. Tool calls count under their message's model, messages under their own.
 * - Indexes on messages(time) and tool_calls(time) serve the exact path for windows that do not
 *   start or end on a bucket boundary (`--since 7d`).
 *
 * - stats_rollup_day and session_activity_day: the same per local day of the zone this store's
 *   writer runs in (SQLite 'localtime', the zone named in meta stats_day_zone), a few rows per
 *   day, so a whole-day question in that zone reads hundreds of rows, not tens of thousands.
 *   A writer in another zone rebuilds them from the 15-minute tables (store/stats-day-zone.ts).
 *
 * The long-context threshold (200,000 prompt tokens, prices.json longContextAbove) is frozen
 * here: a migration must not change with later code.
 */
const LONG = 200_000;
const BUCKET = (time: string) => `coalesce(unixepoch(${time}) / 900, -1)`;
/** Local day number (days since 1970-01-01 on the writer's calendar), -1 without a time. */
const DAY = (time: string) => `coalesce(unixepoch(${time}, 'localtime') / 86400, -1)`;

/** A rollup pair: the sums table, the activity table and the key of a time. */
interface Level {
  rollup: string;
  activity: string;
  key: (time: string) => string;
  keyColumn: string;
}
const LEVELS: Level[] = [
  { rollup: 'stats_rollup', activity: 'session_activity', key: BUCKET, keyColumn: 'bucket' },
  { rollup: 'stats_rollup_day', activity: 'session_activity_day', key: DAY, keyColumn: 'day' },
];
const SUMS = ['messages', 'tool_calls', 'input', 'output', 'cache_read', 'cache_creation', 'reasoning'] as const;
const UPSERT = `ON CONFLICT DO UPDATE SET ${SUMS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`;

/** One source table's contribution as rows of stats_rollup, for rows matching `where`. */
interface Source {
  table: string;
  alias: string;
  time: string;
  model: string;
  long: string;
  values: Record<(typeof SUMS)[number], string>;
}

const ZERO = Object.fromEntries(SUMS.map((c) => [c, '0'])) as Source['values'];

function usageSource(r: string): Source {
  return {
    table: 'usage',
    alias: r,
    time: `${r}.time`,
    model: `coalesce(${r}.model, '')`,
    long: `(${r}.input + ${r}.cache_read + ${r}.cache_creation) > ${LONG}`,
    values: { ...ZERO, input: `${r}.input`, output: `${r}.output`, cache_read: `${r}.cache_read`, cache_creation: `${r}.cache_creation`, reasoning: `${r}.reasoning` },
  };
}

function messageSource(r: string): Source {
  return { table: 'messages', alias: r, time: `${r}.time`, model: `coalesce(${r}.model, '')`, long: '0', values: { ...ZERO, messages: '1' } };
}

function toolCallSource(r: string): Source {
  return {
    table: 'tool_calls',
    alias: r,
    time: `${r}.time`,
    model: `coalesce((SELECT m.model FROM messages m WHERE m.id = ${r}.message_id), '')`,
    long: '0',
    values: { ...ZERO, tool_calls: '1' },
  };
}

/** Adds (sign 1) or removes (sign -1) one row's counts: `r` is NEW or OLD inside a trigger. */
function rowDelta(source: Source, sign: 1 | -1): string {
  return LEVELS.map((level) => levelDelta(source, sign, level)).join('\n');
}

function levelDelta(source: Source, sign: 1 | -1, { rollup, activity, key, keyColumn }: Level): string {
  const r = source.alias;
  const v = (expr: string) => (sign === 1 ? expr : `-(${expr})`);
  return `
    INSERT INTO ${rollup}(${keyColumn}, agent, workspace, model, long, ${SUMS.join(', ')})
      SELECT ${key(source.time)}, s.agent, coalesce(s.workspace, ''), ${source.model}, ${source.long}, ${SUMS.map((c) => v(source.values[c])).join(', ')}
      FROM sessions s WHERE s.id = ${r}.session_id
      ${UPSERT};
    INSERT INTO ${activity}(${keyColumn}, session_id, model, n) VALUES (${key(source.time)}, ${r}.session_id, ${source.model}, ${sign})
      ON CONFLICT DO UPDATE SET n = n + excluded.n;
    ${sign === -1 ? `DELETE FROM ${activity} WHERE ${keyColumn} = ${key(source.time)} AND session_id = ${r}.session_id AND model = ${source.model} AND n <= 0;` : ''}`;
}

function triggers(name: string, make: (r: string) => Source, changed: string[]): string {
  const table = make('NEW').table;
  const when = `(${changed.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')}) AND ${live(table, 'NEW')}`;
  return `
    CREATE TRIGGER ${name}_rollup_insert AFTER INSERT ON ${table} WHEN ${live(table, 'NEW')} BEGIN ${rowDelta(make('NEW'), 1)} END;
    CREATE TRIGGER ${name}_rollup_delete AFTER DELETE ON ${table} WHEN ${live(table, 'OLD')} BEGIN ${rowDelta(make('OLD'), -1)} END;
    CREATE TRIGGER ${name}_rollup_update AFTER UPDATE OF ${changed.join(', ')} ON ${table} WHEN ${when} BEGIN
      ${rowDelta(make('OLD'), -1)}
      ${rowDelta(make('NEW'), 1)}
    END;`;
}

/** All of one table's rows (of one session, or all) grouped into stats_rollup rows, with sign and keys given. */
function groupedInsert(source: Source, agent: string, workspace: string, where: string, sign: 1 | -1, level: Level): string {
  const r = source.alias;
  const v = (expr: string) => (sign === 1 ? `sum(${expr})` : `-sum(${expr})`);
  return `
    INSERT INTO ${level.rollup}(${level.keyColumn}, agent, workspace, model, long, ${SUMS.join(', ')})
      SELECT ${level.key(source.time)}, ${agent}, ${workspace}, ${source.model}, ${source.long}, ${SUMS.map((c) => v(source.values[c])).join(', ')}
      FROM ${source.table} ${r} JOIN sessions s ON s.id = ${r}.session_id WHERE ${where}
      GROUP BY 1, 2, 3, 4, 5
      ${UPSERT};`;
}

const SOURCES = [usageSource, messageSource, toolCallSource];

/** Whether row `r` of `table` is counted by the triggers: not one the ingest writer defers. */
function live(table: string, r: string): string {
  return `${r}.rowid <= coalesce((SELECT ${table}_from FROM rollup_deferred), 9223372036854775807)`;
}

/**
 * What the ingest writer runs at the end of a deferred commit: the rows above the recorded
 * rowids, added to both levels, under their sessions' agent and workspace as they are now.
 */
export function deferredFlushSql(): string[] {
  return SOURCES.flatMap((make) => {
    const source = make('x');
    // A rowid range, so each commit reads only its own new rows.
    const where = `x.rowid > (SELECT ${source.table}_from FROM rollup_deferred)`;
    return LEVELS.flatMap((level) => [
      groupedInsert(source, 's.agent', "coalesce(s.workspace, '')", where, 1, level),
      `INSERT INTO ${level.activity}(${level.keyColumn}, session_id, model, n)
        SELECT ${level.key(source.time)}, x.session_id, ${source.model}, count(*) FROM ${source.table} x WHERE ${where} GROUP BY 1, 2, 3
        ON CONFLICT DO UPDATE SET n = n + excluded.n;`,
    ]);
  });
}

export function migration0005StatsRollups(db: WritableDb): void {
  db.exec(`
    CREATE TABLE stats_rollup (
      bucket         INTEGER NOT NULL,
      agent          TEXT NOT NULL,
      workspace      TEXT NOT NULL,
      model          TEXT NOT NULL,
      long           INTEGER NOT NULL,
      messages       INTEGER NOT NULL DEFAULT 0,
      tool_calls     INTEGER NOT NULL DEFAULT 0,
      input          INTEGER NOT NULL DEFAULT 0,
      output         INTEGER NOT NULL DEFAULT 0,
      cache_read     INTEGER NOT NULL DEFAULT 0,
      cache_creation INTEGER NOT NULL DEFAULT 0,
      reasoning      INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (bucket, agent, workspace, model, long)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE session_activity (
      bucket     INTEGER NOT NULL,
      session_id TEXT NOT NULL,
      model      TEXT NOT NULL,
      n          INTEGER NOT NULL,
      PRIMARY KEY (bucket, session_id, model)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE stats_rollup_day (
      day            INTEGER NOT NULL,
      agent          TEXT NOT NULL,
      workspace      TEXT NOT NULL,
      model          TEXT NOT NULL,
      long           INTEGER NOT NULL,
      messages       INTEGER NOT NULL DEFAULT 0,
      tool_calls     INTEGER NOT NULL DEFAULT 0,
      input          INTEGER NOT NULL DEFAULT 0,
      output         INTEGER NOT NULL DEFAULT 0,
      cache_read     INTEGER NOT NULL DEFAULT 0,
      cache_creation INTEGER NOT NULL DEFAULT 0,
      reasoning      INTEGER NOT NULL DEFAULT 0,
      -- Day, model, long first: the usual question (by day, priced per model) reads it in order.
      PRIMARY KEY (day, model, long, agent, workspace)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE session_activity_day (
      day        INTEGER NOT NULL,
      session_id TEXT NOT NULL,
      model      TEXT NOT NULL,
      n          INTEGER NOT NULL,
      PRIMARY KEY (day, session_id, model)
    ) STRICT, WITHOUT ROWID;
    -- Distinct sessions over a whole range without sorting them.
    CREATE INDEX session_activity_day_session ON session_activity_day(session_id);
    CREATE INDEX session_activity_session ON session_activity(session_id);

    -- One row, only ever inside the ingest writer's transaction (see above).
    CREATE TABLE rollup_deferred (
      messages_from   INTEGER NOT NULL,
      tool_calls_from INTEGER NOT NULL,
      usage_from      INTEGER NOT NULL
    ) STRICT;

    CREATE INDEX messages_time ON messages(time);
    CREATE INDEX tool_calls_time ON tool_calls(time);
  `);

  // Rows written before this step (an existing store), once.
  for (const make of SOURCES) {
    const source = make('x');
    for (const level of LEVELS) {
      db.exec(groupedInsert(source, 's.agent', "coalesce(s.workspace, '')", 'true', 1, level));
      db.exec(`
        INSERT INTO ${level.activity}(${level.keyColumn}, session_id, model, n)
          SELECT ${level.key(source.time)}, x.session_id, ${source.model}, count(*) FROM ${source.table} x WHERE true GROUP BY 1, 2, 3
          ON CONFLICT DO UPDATE SET n = n + excluded.n;`);
    }
  }
  // Whose days these are is settled when the engine opens the store (store/stats-day-zone.ts).
  db.prepare("INSERT INTO meta(key, value) VALUES ('stats_day_zone', '') ON CONFLICT(key) DO UPDATE SET value = excluded.value").run();

  db.exec(`
    ${triggers('usage', usageSource, ['session_id', 'time', 'model', 'input', 'output', 'cache_read', 'cache_creation', 'reasoning'])}
    ${triggers('messages', messageSource, ['session_id', 'time', 'model'])}
    ${triggers('tool_calls', toolCallSource, ['session_id', 'time', 'message_id'])}

    -- A deleted session takes its counts along; its rows then go by ON DELETE CASCADE, whose
    -- triggers find no session left to count against.
    CREATE TRIGGER sessions_rollup_delete BEFORE DELETE ON sessions BEGIN
      ${LEVELS.flatMap((level) => SOURCES.map((make) => groupedInsert(make('x'), 'OLD.agent', "coalesce(OLD.workspace, '')", `x.session_id = OLD.id AND ${live(make('x').table, 'x')}`, -1, level))).join('\n')}
      ${LEVELS.map((level) => `DELETE FROM ${level.activity} WHERE session_id = OLD.id;`).join('\n')}
    END;

    CREATE TRIGGER sessions_rollup_move AFTER UPDATE OF agent, workspace ON sessions
      WHEN OLD.agent IS NOT NEW.agent OR OLD.workspace IS NOT NEW.workspace BEGIN
      ${LEVELS.flatMap((level) => SOURCES.map((make) => groupedInsert(make('x'), 'OLD.agent', "coalesce(OLD.workspace, '')", `x.session_id = NEW.id AND ${live(make('x').table, 'x')}`, -1, level))).join('\n')}
      ${LEVELS.flatMap((level) => SOURCES.map((make) => groupedInsert(make('x'), 'NEW.agent', "coalesce(NEW.workspace, '')", `x.session_id = NEW.id AND ${live(make('x').table, 'x')}`, 1, level))).join('\n')}
    END;
  `);
}
