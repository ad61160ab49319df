import { Command, InvalidArgumentError } from 'commander';
import { DEVLOG_VERSION } from '../version.js';
import { failAndExit } from './fail.js';
import { runStart } from './start.js';
import { runStatus } from './status.js';
import { runSyncOnce } from './sync.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return port;
}

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
    .option('--root <agent=path>', 'collect AGENT from PATH instead of its default folders (repeatable)', collect, [])
    .action((opts: { port?: number; host?: string; history: boolean; root: string[] }) => runStart(opts).catch(failAndExit));

  program
    .command('sync')
    .description('collect everything new from every agent')
    .option('--once', 'sync all history up to now and exit')
    .option('--json', 'print the summary as JSON')
    .option('--root <agent=path>', 'collect AGENT from PATH instead of its default folders (repeatable)', collect, [])
    .action((opts: { once?: boolean; json?: boolean; root: string[] }) => {
      if (!opts.once) failAndExit(new DevlogError(ErrorCodes.BadRequest, 'continuous sync runs in `devlog start`; use `devlog sync --once` here'));
      return runSyncOnce({ once: true, json: Boolean(opts.json), root: opts.root }).catch(failAndExit);
    });

  program
    .command('status')
    .description('show the engine, every source and the store')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => runStatus({ json: Boolean(opts.json) }).catch(failAndExit));

  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
