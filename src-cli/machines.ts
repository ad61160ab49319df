import type { MachineEntry } from '../src-shared/contract/index.js';
import { withMachines } from './machines-client.js';
import { renderTable, terminalWidth } from './table.js';

export interface MachinesOptions {
  remote?: string;
  json?: boolean;
}

/** "2026-11-30 09:14" in local time: when a machine last synced. */
function when(iso: string | null): string {
  if (iso === null) return 'never';
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

const label = (m: MachineEntry) => m.name ?? m.id;

export async function runMachinesList(opts: MachinesOptions): Promise<void> {
  const listed = await withMachines((call) => call('machines.list', opts.remote === undefined ? {} : { remote: opts.remote }));
  if (opts.json) {
    process.stdout.write(JSON.stringify(listed, null, 2) + '\n');
    return;
  }
  if (!listed.machines.length) {
    process.stdout.write(`no machines on ${listed.url} yet (one appears when it exports or signs in)\n`);
    return;
  }
  const lines = renderTable(
    listed.machines,
    [
      { header: 'NAME', value: (m) => label(m) + (m.current ? ' (this machine)' : '') },
      { header: 'LAST SYNC', value: (m) => when(m.lastSyncAt) },
      { header: 'STATE', value: (m) => (m.revokedAt ? `revoked ${when(m.revokedAt)}` : 'active') },
      { header: 'ID', value: (m) => m.id, cut: 'end' },
    ],
    terminalWidth(),
  );
  process.stdout.write(lines.join('\n') + '\n');
}

export async function runMachinesApprove(code: string, opts: MachinesOptions): Promise<void> {
  const approved = await withMachines((call) => call('machines.approve', { code, ...(opts.remote === undefined ? {} : { remote: opts.remote }) }));
  if (opts.json) {
    process.stdout.write(JSON.stringify(approved, null, 2) + '\n');
    return;
  }
  process.stdout.write(`approved ${label(approved.machine)} (${approved.machine.id}): it is now signed in to ${approved.url} as ${approved.user}\n`);
}

export async function runMachinesRevoke(machine: string, opts: MachinesOptions): Promise<void> {
  const revoked = await withMachines((call) => call('machines.revoke', { machine, ...(opts.remote === undefined ? {} : { remote: opts.remote }) }));
  if (opts.json) {
    process.stdout.write(JSON.stringify(revoked, null, 2) + '\n');
    return;
  }
  const tokens = revoked.tokensRevoked === 1 ? '1 token' : `${revoked.tokensRevoked} tokens`;
  process.stdout.write(`revoked ${label(revoked.machine)} (${revoked.machine.id}) on ${revoked.url}: ${tokens} stopped working; its batches are refused from now on\n`);
}
