import { Command } from 'commander';
import { registerServerCommands } from '../src-server/cli.js';
import { DevlogError, ErrorCodes } from '../src-shared/errors.js';
import { DEVLOG_VERSION } from '../src-worker/version.js';
import { failAndExit } from './fail.js';
import type { DoctorOptions } from './doctor.js';
import type { ExportOptions } from './export.js';
import type { McpOptions } from './mcp.js';
import type { ImportOptions } from './import.js';
import { isLoopbackHost } from './loopback-host.js';
import { collect, collectRoot, parseCount, parseFormat, parseGroupBy, parsePort, parseSort } from './option-parsers.js';
import type { QueryOptions } from './query.js';
import { registerMachinesCommands } from './machines-commands.js';
import { registerRemoteCommands } from './remote-commands.js';
import { registerMetadataCommands } from './session-commands.js';
import type { ReparseOptions } from './reparse.js';
import type { ShowOptions } from './show.js';
import type { StatsOptions } from './stats.js';

interface SyncCommandOptions {
  once?: boolean;
  status?: boolean;
  json?: boolean;
  root: string[];
}

// Each command's code is imported when that command runs (the build splits it into chunks), so a
// command pays only for what it uses: `devlog query` does not load the web server or PostgreSQL.

const ROOT_OPTION = ['--root <agent=path>', 'collect AGENT from PATH instead of its default folders (repeatable)', collectRoot, [] as string[]] as const;

/** Builds the `devlog` command tree: one file per command, wired here. */
export function buildProgram(): Command {
  const program = new Command('devlog')
    .description('Every AI coding session on this machine, in one local searchable store.')
    .version(DEVLOG_VERSION)
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str) })
    .exitOverride((err) => {
      // Usage errors exit 2, help/version exit 0.
      process.exit(err.exitCode === 0 ? 0 : 2);
    });

  program
    .command('start')
    .description('collect history and live sessions, and serve the web UI on 127.0.0.1')
    .option('--port <port>', 'port of the web UI (default 7355, or headless.port in config.json)', parsePort)
    .option('--host <host>', 'loopback address to listen on (127.0.0.1 or ::1)')
    .option('--no-history', 'start unknown files at their current end')
    .option(...ROOT_OPTION)
    .action((opts: { port?: number; host?: string; history: boolean; root: string[] }) => {
      // Checked before anything opens: the UI and its token must never be served beyond this machine.
      if (opts.host !== undefined && !isLoopbackHost(opts.host)) {
        failAndExit(new DevlogError(ErrorCodes.BadRequest, `--host ${opts.host}: only a loopback address is allowed (127.0.0.1, ::1 or localhost)`));
      }
      return import('./start.js').then((m) => m.runStart(opts)).catch(failAndExit);
    });

  const runCollect = (opts: { json?: boolean; root: string[] }) => import('./collect.js').then((m) => m.runCollect({ json: Boolean(opts.json), root: opts.root })).catch(failAndExit);
  program
    .command('collect')
    .description('collect all history from every agent up to now, then exit (devlog start keeps collecting)')
    .option('--json', 'print the summary as JSON')
    .option(...ROOT_OPTION)
    .action(runCollect);

  // `sync` is machine sync (push then pull); `sync --once` is still the first name of `collect`.
  program
    .command('sync')
    .description('push to your remotes, then pull what your other machines exported; --status: ahead/behind per remote')
    .argument('[remote]', 'only this remote')
    .option('--status', 'per remote: ahead (not exported), behind (not pulled), the last exchange with each other machine')
    .option('--once', 'the old name of `devlog collect`: collect history up to now and exit')
    .option('--json', 'machine-readable output')
    .option(...ROOT_OPTION)
    .action((remote: string | undefined, opts: SyncCommandOptions) => {
      if (opts.once) return runCollect(opts);
      return import('./sync.js').then((m) => m.runSync(remote, { status: Boolean(opts.status), json: Boolean(opts.json) })).catch(failAndExit);
    });

  program
    .command('status')
    .description('show the engine, every source and the store')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => import('./status.js').then((m) => m.runStatus({ json: Boolean(opts.json) })).catch(failAndExit));

  const filterHelp = {
    agent: 'only this agent (repeatable, or comma-separated: claude-code,codex)',
    workspace: 'workspace path glob; ~ is home, a folder includes its subfolders, a bare name matches the folder name',
    since: 'active since: 30m, 12h, 7d, 2w, today, yesterday, or a date/datetime (local time)',
    until: 'started before: same forms; a date alone includes that whole day',
    model: 'used a model whose id contains this text (e.g. sonnet, gpt-5)',
    file: 'whose tool calls changed this file: absolute, ~/…, or relative to the session workspace; a folder includes its files',
  };

  /** The session filters `query` and `stats` share (one meaning, one help text). */
  const withSessionFilters = (command: Command) =>
    command
      .option('--agent <agent>', filterHelp.agent, collect, [])
      .option('--workspace <glob>', filterHelp.workspace)
      .option('--since <when>', filterHelp.since)
      .option('--until <when>', filterHelp.until)
      .option('--model <text>', filterHelp.model)
      .option('--file <path>', filterHelp.file)
      .option('--hidden', 'include sessions you hid')
      .option('--tag <tag>', 'only sessions with this tag (repeatable: all of them)', collect, [])
      .option('--starred', 'only starred sessions');

  withSessionFilters(
    program.command('query').description('list sessions, newest first; --search finds text in messages and tool calls'),
  )
    .option('--search <text>', 'words that must all occur; "quoted phrase"; word* for a prefix')
    .option('--fts', 'read --search as raw SQLite FTS5 syntax (AND, OR, NOT, NEAR, column:)')
    .option('--sort <order>', 'newest (default) or relevance (with --search)', parseSort)
    .option('--limit <n>', 'at most this many sessions (default 50)', parseCount)
    .option('--json', 'machine-readable output (see README)')
    .action((opts: QueryOptions) => import('./query.js').then((m) => m.runQuery(opts)).catch(failAndExit));

  program
    .command('show')
    .description('print one session: the files its tools touched, the command that resumes it, the transcript in order')
    .argument('<session>', 'session id as devlog query prints it (a unique prefix is enough)')
    .option('--format <format>', 'text, md (Markdown for a pull request) or json', parseFormat, 'text')
    .option('--full', 'tool results in full (default: cut at 2000 characters)')
    .option('--meta', 'also thinking, injected context and events')
    .action((id: string, opts: ShowOptions) => import('./show.js').then((m) => m.runShow(id, opts)).catch(failAndExit));

  withSessionFilters(
    program
      .command('stats')
      .description('sessions, messages, tool calls, tokens and estimated cost')
      .option('--by <group>', 'day, agent, model or workspace', parseGroupBy, 'day'),
  )
    .option('--json', 'machine-readable output (see README)')
    .action((opts: StatsOptions) => import('./stats.js').then((m) => m.runStats(opts)).catch(failAndExit));

  program
    .command('reparse')
    .description('re-derive sessions, messages, tool calls and usage from the raw records the store kept (agent files not needed)')
    .option('--agent <agent>', 'only this agent')
    .option('--json', 'print the result as JSON')
    .action((opts: ReparseOptions) => import('./reparse.js').then((m) => m.runReparse(opts)).catch(failAndExit));

  program
    .command('import')
    .description('collect copied agent files (an old ~/.claude, a Cline task folder, a Copilot "Export Chat" file) as if found in place, once')
    .argument('<path>', 'a file or folder')
    .option('--agent <agent>', 'whose files they are (default: detected per file)')
    .option('--json', 'print the result as JSON')
    .action((target: string, opts: ImportOptions) => import('./import.js').then((m) => m.runImport(target, opts)).catch(failAndExit));

  program
    .command('doctor')
    .description('check the store and its search index; exit 1 when problems remain')
    .option('--fix', 'repair: rebuild the search index, re-attach orphans, recompute counters, re-derive stale files')
    .option('--json', 'machine-readable output')
    .action((opts: DoctorOptions) => import('./doctor.js').then((m) => m.runDoctor(opts)).catch(failAndExit));

  program
    .command('export')
    .description('export to your remotes now; --status: state per remote; --log: what left this machine')
    .option('--remote <name>', 'only this remote')
    .option('--all', 're-send everything (the remote keeps what it has once)')
    .option('--status', 'state, backlog, last success and error per remote')
    .option('--log', 'the outbound log: every batch that left, with its redaction counts (90 days)')
    .option('--json', 'machine-readable output')
    .action((opts: ExportOptions) => import('./export.js').then((m) => m.runExport(opts)).catch(failAndExit));

  program
    .command('mcp')
    .description('an MCP server on stdio: coding agents search and read your sessions (read-only; secrets redacted)')
    .option('--no-redact', 'return secrets as written (default: redacted as in exports)')
    .option('--workspace-from-cwd', "search only the workspace the agent started this server in, unless a call asks for more")
    .action((opts: McpOptions) => import('./mcp.js').then((m) => m.runMcp(opts)).catch(failAndExit));

  registerRemoteCommands(program);
  registerMachinesCommands(program);
  registerMetadataCommands(program);

  program
    .command('backup')
    .description('copy the store to FILE (consistent while devlog start runs); never overwrites a file')
    .argument('<file>', 'where the copy goes')
    .action((file: string) => import('./backup.js').then((m) => m.runBackup(file)).catch(failAndExit));
  program
    .command('restore')
    .description('replace the store with a backup made by devlog backup (the engine must be stopped; the old store is kept aside)')
    .argument('<file>', 'the backup')
    .action((file: string) => import('./backup.js').then((m) => m.runRestore(file)).catch(failAndExit));

  // `devlog serve` and `devlog server ...`: the sync server shares the one CLI.
  registerServerCommands(program);

  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
