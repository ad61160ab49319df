import type { Command } from 'commander';
import { failAndExit } from './fail.js';
import type { SessionEditKind } from './session-meta.js';

const ID_HELP = 'session id as devlog query prints it (a unique prefix is enough)';

/** `devlog session ...` (your own title, tags, star, hidden, delete) and `devlog machine [rename]`. */
export function registerMetadataCommands(program: Command): void {
  const session = program.command('session').description('your own title, tags and star on a session; hide or delete it (synced to your other machines)');
  session.showHelpAfterError(false);
  const run = (kind: SessionEditKind, id: string, args: string[], opts: { yes?: boolean; json?: boolean }) =>
    import('./session-meta.js').then((m) => m.runSessionEdit(kind, id, args, opts)).catch(failAndExit);

  const edit = (name: SessionEditKind, description: string, rest?: [string, string]) => {
    const cmd = session.command(name).description(description).argument('<id>', ID_HELP);
    if (rest) cmd.argument(rest[0], rest[1]);
    return cmd.option('--json', 'print the session metadata as JSON');
  };
  edit('rename', 'give the session your own title ("" gives the agent\'s title back)', ['<title...>', 'the new title']).action((id: string, words: string[], opts) => run('rename', id, words, opts));
  edit('tag', 'add tags (devlog query --tag T finds them)', ['<tags...>', 'one or more tags']).action((id: string, tags: string[], opts) => run('tag', id, tags, opts));
  edit('untag', 'remove tags', ['<tags...>', 'one or more tags']).action((id: string, tags: string[], opts) => run('untag', id, tags, opts));
  edit('star', 'star the session (devlog query --starred)').action((id: string, opts) => run('star', id, [], opts));
  edit('unstar', 'remove the star').action((id: string, opts) => run('unstar', id, [], opts));
  edit('hide', 'hide the session from lists, search and stats (--hidden shows it)').action((id: string, opts) => run('hide', id, [], opts));
  edit('unhide', 'show a hidden session again').action((id: string, opts) => run('unhide', id, [], opts));
  edit('delete', 'delete the session here and on every machine you sync with; content is purged after 30 days')
    .option('--yes', 'do not ask')
    .action((id: string, opts) => run('delete', id, [], opts));

  const runMachine = (name: string | undefined, opts: { json?: boolean }) => import('./session-meta.js').then((m) => m.runMachine(name, opts)).catch(failAndExit);
  const machine = program
    .command('machine')
    .description("this machine's id and name; `machine rename NAME` changes the name your other machines see")
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => runMachine(undefined, opts));
  machine.showHelpAfterError(false);
  machine
    .command('rename')
    .description('rename this machine (sent with the next export)')
    .argument('<name>', 'letters, digits, ".", "_", "-" (at most 64)')
    .option('--json', 'machine-readable output')
    // `--json` after the name is taken by `machine` itself: read both.
    .action((name: string, opts: { json?: boolean }) => runMachine(name, { ...machine.opts<{ json?: boolean }>(), ...opts }));
}
