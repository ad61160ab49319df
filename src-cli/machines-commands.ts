import type { Command } from 'commander';
import { failAndExit } from './fail.js';
import type { MachinesOptions } from './machines.js';

/** `devlog login URL` and `devlog machines list|approve|revoke`: joining machines without copying tokens. */
export function registerMachinesCommands(program: Command): void {
  program
    .command('login')
    .description('sign this machine in to a devlog server: shows a code that a machine already signed in approves')
    .argument('<url>', 'the devlog server, http(s)://host[:port]')
    .option('--name <remote>', 'the name of the remote it becomes (default: the server host name)')
    .action((url: string, opts: { name?: string }) => import('./login.js').then((m) => m.runLogin(url, opts)).catch(failAndExit));

  const machines = program.command('machines').description('your machines on a devlog server: list them, let a new one in, cut one off');
  machines.showHelpAfterError(false);
  const remoteOption = ['--remote <name>', 'the devlog server remote to ask (default: the only one)'] as const;

  machines
    .command('list')
    .description('each machine with its last sync, and whether it was revoked')
    .option(...remoteOption)
    .option('--json', 'machine-readable output')
    .action((opts: MachinesOptions) => import('./machines.js').then((m) => m.runMachinesList(opts)).catch(failAndExit));

  machines
    .command('approve')
    .description('let in the machine that shows CODE after `devlog login`: it gets a token of its own')
    .argument('<code>', 'the code the new machine shows, e.g. ABCD-EFGH')
    .option(...remoteOption)
    .option('--json', 'machine-readable output')
    .action((code: string, opts: MachinesOptions) => import('./machines.js').then((m) => m.runMachinesApprove(code, opts)).catch(failAndExit));

  machines
    .command('revoke')
    .description('cut a machine off: its token stops working at once and its batches are refused')
    .argument('<machine>', 'its name as `devlog machines list` shows it, or its id')
    .option(...remoteOption)
    .option('--json', 'machine-readable output')
    .action((name: string, opts: MachinesOptions) => import('./machines.js').then((m) => m.runMachinesRevoke(name, opts)).catch(failAndExit));
}
