import type { Command } from 'commander';
import { failAndExit } from './fail.js';
import type * as RemoteModule from './remote.js';
import type { RemoteFlags } from './remote.js';
import { collectAgent, collectList, parseEnvName, parseInterval } from './remote-options.js';

/** Options `remote add` and `remote edit` share; edit also takes the `--no-`/`--url` forms. */
function routingOptions(cmd: Command): Command {
  return cmd
    .option('--include <glob>', 'export sessions whose workspace matches (repeatable; ~ is home; none: every workspace)', collectList)
    .option('--exclude <glob>', 'never export sessions whose workspace matches (repeatable)', collectList)
    .option('--agent <agent>', 'only these agents (repeatable, or comma-separated)', collectAgent)
    .option('--interval <duration>', 'how often an --auto remote exports: 30s, 5m, 1h (default 30s)', parseInterval)
    .option('--token-stdin', 'read the server token from stdin and keep it in the OS keychain')
    .option('--token-env <var>', 'take the server token from this environment variable of the engine', parseEnvName)
    .option('--passphrase-stdin', 'read the folder encryption passphrase from stdin (kept in the OS keychain)')
    .option('--passphrase-env <var>', 'take the folder encryption passphrase from this environment variable', parseEnvName);
}

/** `devlog remote add|list|test|edit|remove`: where sessions are exported, and with which rules. */
export function registerRemoteCommands(program: Command): void {
  const remote = program.command('remote').description('remotes sessions are exported to: a devlog server or a folder (nothing leaves without one)');
  // A usage error is one line (the subcommands inherit this); --help shows the rest.
  remote.showHelpAfterError(false);
  const run = <A extends unknown[]>(fn: (m: typeof RemoteModule) => (...args: A) => Promise<void>) =>
    (...args: A) => import('./remote.js').then((m) => fn(m)(...args)).catch(failAndExit);

  routingOptions(
    remote
      .command('add')
      .description('add a remote: URL is http(s)://host[:port] (a devlog server) or file:///path (a folder)')
      .argument('<name>', 'a short name: letters, digits, ".", "_", "-"')
      .argument('<url>', 'the devlog server or folder'),
  )
    .option('--auto', 'export on its own, on the interval and soon after new data')
    .option('--pull', "also import what your other machines exported there")
    .option('--no-redact', 'send secrets found in sessions as they are (redaction is on by default)')
    .action((name: string, url: string, flags: RemoteFlags) => run((m) => m.runRemoteAdd)(name, url, flags));

  remote
    .command('list')
    .description('list the remotes and their routing')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => run((m) => m.runRemoteList)(opts));

  remote
    .command('test')
    .description('is the remote reachable, who does it take us for, and which local sessions would go there')
    .argument('<name>')
    .option('--json', 'machine-readable output')
    .action((name: string, opts: { json?: boolean }) => run((m) => m.runRemoteTest)(name, opts));

  routingOptions(remote.command('edit').description('change a remote (a given --include/--exclude/--agent list replaces the old one)').argument('<name>'))
    .option('--url <url>', 'move the remote to another URL')
    .option('--auto', 'export on its own')
    .option('--no-auto', 'export only when asked (devlog export)')
    .option('--pull', 'also import from it')
    .option('--no-pull', 'do not import from it')
    .option('--redact', 'replace secrets before sending')
    .option('--no-redact', 'send secrets as they are')
    .option('--pause', 'send nothing until --resume')
    .option('--resume', 'send again')
    .action((name: string, flags: RemoteFlags & { pause?: boolean; resume?: boolean }) => {
      const { pause, resume, ...rest } = flags;
      const paused = pause ? true : resume ? false : undefined;
      return run((m) => m.runRemoteEdit)(name, { ...rest, ...(paused === undefined ? {} : { paused }) });
    });

  remote
    .command('remove')
    .description('remove a remote and its stored token or passphrase (what it received stays there)')
    .argument('<name>')
    .action((name: string) => run((m) => m.runRemoteRemove)(name));
}
