import { z } from 'zod';
import type { MachineEntry, MachinesMethods } from '../../src-shared/contract/index.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import { remoteKind, type RemoteConfig } from '../config/remote-schema.js';
import type { DevlogConfig } from '../config/load.js';
import { parseParams, remoteName } from '../remotes/remote-params.js';
import { resolveSecret } from '../secrets/resolve-secret.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { machinesApi } from './server-api.js';

type Result<K extends keyof MachinesMethods> = Promise<MachinesMethods[K]['result']>;

/** What the service needs of the engine: the remotes in its config, and which machine it is. */
export interface MachinesHost {
  readonly config: DevlogConfig;
  readonly machineId: string;
}

const ListParams = z.strictObject({ remote: remoteName.optional() });
const ApproveParams = z.strictObject({ code: z.string().trim().min(1, 'empty code').max(64), remote: remoteName.optional() });
const RevokeParams = z.strictObject({ machine: z.string().min(1, 'empty machine name').max(512), remote: remoteName.optional() });

/** The one machine `name` means: its id, else its exact name, else its name in any case; live ones first. */
export function findMachine(machines: MachineEntry[], name: string): MachineEntry {
  const byId = machines.find((m) => m.id === name);
  if (byId) return byId;
  const pick = (same: (m: MachineEntry) => boolean) => {
    const all = machines.filter(same);
    const live = all.filter((m) => m.revokedAt === null);
    return live.length ? live : all;
  };
  let matches = pick((m) => m.name === name);
  if (!matches.length) matches = pick((m) => m.name?.toLowerCase() === name.toLowerCase());
  if (matches.length === 1) return matches[0]!;
  if (!matches.length) {
    const known = machines.map((m) => m.name ?? m.id).join(', ') || 'none';
    throw new DevlogError(ErrorCodes.NotFound, `no machine named "${name}" (your machines: ${known})`);
  }
  throw new DevlogError(ErrorCodes.BadRequest, `several machines are named "${name}" (ids ${matches.map((m) => m.id).join(', ')}): give the id instead`);
}

/**
 * `devlog machines ...` and the UI's machine list: talks to a devlog server remote with that
 * remote's own token (keychain or ${ENV}, as the exporter finds it).
 */
export class MachineService {
  constructor(
    private readonly host: MachinesHost,
    private readonly secrets: SecretStore,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  async list(params: unknown, signal?: AbortSignal): Result<'machines.list'> {
    const p = parseParams(ListParams, 'machines.list', params);
    const { remote, token } = await this.target(p.remote);
    const { machines } = await machinesApi.list(remote.url, token, this.host.machineId, signal);
    return { remote: remote.name, url: remote.url, machines };
  }

  async approve(params: unknown, signal?: AbortSignal): Result<'machines.approve'> {
    const p = parseParams(ApproveParams, 'machines.approve', params);
    const { remote, token } = await this.target(p.remote);
    const approved = await machinesApi.approve(remote.url, token, p.code, signal);
    return { remote: remote.name, url: remote.url, ...approved };
  }

  async revoke(params: unknown, signal?: AbortSignal): Result<'machines.revoke'> {
    const p = parseParams(RevokeParams, 'machines.revoke', params);
    const { remote, token } = await this.target(p.remote);
    const machine = findMachine((await machinesApi.list(remote.url, token, this.host.machineId, signal)).machines, p.machine);
    const revoked = await machinesApi.revoke(remote.url, token, machine.id, signal);
    return { remote: remote.name, url: remote.url, ...revoked };
  }

  /** The server remote to ask (the named one, or the only one) and its token. */
  private async target(name: string | undefined): Promise<{ remote: RemoteConfig; token: string }> {
    const servers = this.host.config.remotes.filter((r) => remoteKind(r.url) === 'server');
    let remote: RemoteConfig | undefined;
    if (name !== undefined) {
      remote = this.host.config.remotes.find((r) => r.name === name);
      if (!remote) throw new DevlogError(ErrorCodes.NotFound, `no remote named "${name}" (devlog remote list shows them)`, 'remote');
      if (remoteKind(remote.url) !== 'server') throw new DevlogError(ErrorCodes.BadRequest, `remote "${name}" is a folder; machines sign in to a devlog server`, 'remote');
    } else if (servers.length === 1) remote = servers[0]!;
    else if (!servers.length) throw new DevlogError(ErrorCodes.NotFound, 'this machine is not signed in to a devlog server: run `devlog login URL` (or add one with `devlog remote add NAME URL --token-stdin`)');
    else throw new DevlogError(ErrorCodes.BadRequest, `several devlog server remotes (${servers.map((r) => r.name).join(', ')}): choose one with --remote NAME`, 'remote');
    let token: string | undefined;
    try {
      token = await resolveSecret(remote.token, remote.name, 'token', this.secrets, this.env);
    } catch (err) {
      throw new DevlogError(ErrorCodes.Unauthorized, (err as Error).message);
    }
    if (token === undefined) throw new DevlogError(ErrorCodes.Unauthorized, `remote "${remote.name}" has no token: sign in with \`devlog login ${remote.url} --name ${remote.name}\``);
    return { remote, token };
  }
}
