import os from 'node:os';
import type { RemoteAddParams, RemoteEditParams, RemoteSettings, RemoteTestResult } from '../src-shared/contract/index.js';
import { DevlogError, ErrorCodes } from '../src-shared/errors.js';
import { remoteKind } from '../src-worker/config/remote-schema.js';
import { EXIT_FAILURE } from './fail.js';
import { withRemotes } from './remote-client.js';
import { readSecretFromStdin } from './remote-secret-input.js';
import { renderTable, terminalWidth } from './table.js';

/** Flags shared by `remote add` and `remote edit` (commander's names). */
export interface RemoteFlags {
  url?: string;
  include?: string[];
  exclude?: string[];
  agent?: string[];
  auto?: boolean;
  interval?: number;
  pull?: boolean;
  redact?: boolean;
  paused?: boolean;
  tokenStdin?: boolean;
  tokenEnv?: string;
  passphraseStdin?: boolean;
  passphraseEnv?: string;
}

const usage = (message: string) => new DevlogError(ErrorCodes.BadRequest, message);

/** The secrets the flags ask for: a value read from stdin (to the keychain) or a "${VAR}" reference. */
async function secretParams(flags: RemoteFlags): Promise<Partial<RemoteAddParams>> {
  if (flags.tokenStdin && flags.tokenEnv) throw usage('--token-stdin and --token-env: give the token one way');
  if (flags.passphraseStdin && flags.passphraseEnv) throw usage('--passphrase-stdin and --passphrase-env: give the passphrase one way');
  if (flags.tokenStdin && flags.passphraseStdin) throw usage('--token-stdin and --passphrase-stdin cannot both read stdin');
  const out: Partial<RemoteAddParams> = {};
  if (flags.tokenStdin) out.tokenValue = await readSecretFromStdin('--token-stdin');
  if (flags.passphraseStdin) out.passphraseValue = await readSecretFromStdin('--passphrase-stdin');
  if (flags.tokenEnv) out.token = `\${${flags.tokenEnv}}`;
  if (flags.passphraseEnv) out.passphrase = `\${${flags.passphraseEnv}}`;
  return out;
}

function settingParams(flags: RemoteFlags): Partial<RemoteEditParams> {
  const defined = <T>(key: string, v: T | undefined) => (v === undefined ? {} : { [key]: v });
  return {
    ...defined('url', flags.url),
    ...defined('include', flags.include),
    ...defined('exclude', flags.exclude),
    ...defined('agents', flags.agent),
    ...defined('auto', flags.auto),
    ...defined('intervalSeconds', flags.interval),
    ...defined('pull', flags.pull),
    ...defined('redact', flags.redact),
    ...defined('paused', flags.paused),
  };
}

/** A reference the engine resolves from its own environment: say so when this shell lacks it. */
function warnUnsetEnv(ref: string | undefined): void {
  const name = ref && /^\$\{(\w+)\}$/.exec(ref)?.[1];
  if (name && !process.env[name]) process.stderr.write(`note: ${name} is not set in this shell; the engine needs it in its environment\n`);
}

const home = os.homedir();
const tilde = (p: string) => (p === home || p.startsWith(home + '/') ? `~${p.slice(home.length)}` : p);

function secretWhere(ref: string | undefined): string {
  if (!ref) return 'none';
  return ref === 'keychain' ? 'OS keychain' : `env ${ref.slice(2, -1)}`;
}

function describe(r: RemoteSettings): string {
  const kind = remoteKind(r.url);
  const secret = kind === 'server' ? `token: ${secretWhere(r.token)}` : `encryption: ${r.passphrase ? `passphrase in ${secretWhere(r.passphrase)}` : 'none'}`;
  return `${r.name} (${kind} ${r.url}, ${secret})`;
}

export async function runRemoteAdd(name: string, url: string, flags: RemoteFlags): Promise<void> {
  const params: RemoteAddParams = { name, url, ...settingParams(flags), ...(await secretParams(flags)) };
  const added = await withRemotes((call) => call('remotes.add', params));
  warnUnsetEnv(added.token);
  warnUnsetEnv(added.passphrase);
  process.stdout.write(`added remote ${describe(added)}\n`);
}

export async function runRemoteEdit(name: string, flags: RemoteFlags): Promise<void> {
  const params: RemoteEditParams = { name, ...settingParams(flags), ...(await secretParams(flags)) };
  if (Object.keys(params).length === 1) throw usage('remote edit: nothing to change (see devlog remote edit --help)');
  const edited = await withRemotes((call) => call('remotes.edit', params));
  if (flags.tokenEnv) warnUnsetEnv(edited.token);
  if (flags.passphraseEnv) warnUnsetEnv(edited.passphrase);
  process.stdout.write(`changed remote ${describe(edited)}\n`);
}

export async function runRemoteRemove(name: string): Promise<void> {
  const { removed, problem } = await withRemotes((call) => call('remotes.remove', { name }));
  if (!removed) throw new DevlogError(ErrorCodes.NotFound, `no remote named "${name}" (devlog remote list shows them)`);
  if (problem) {
    process.stdout.write(`removed remote ${name}\n`);
    process.stderr.write(`devlog: ${problem}\n`);
    process.exitCode = EXIT_FAILURE;
    return;
  }
  process.stdout.write(`removed remote ${name} and its stored secrets\n`);
}

function routing(r: RemoteSettings): string {
  const parts = [
    r.include.length ? `include ${r.include.join(', ')}` : 'every workspace',
    ...(r.exclude.length ? [`exclude ${r.exclude.join(', ')}`] : []),
    ...(r.agents.length ? [`agents ${r.agents.join(', ')}`] : []),
  ];
  return parts.join('; ');
}

export async function runRemoteList(options: { json?: boolean }): Promise<void> {
  const { remotes } = await withRemotes((call) => call('remotes.list', undefined));
  if (options.json) {
    process.stdout.write(JSON.stringify({ remotes }, null, 2) + '\n');
    return;
  }
  if (!remotes.length) {
    process.stdout.write('no remotes: nothing leaves this machine (add one with devlog remote add NAME URL)\n');
    return;
  }
  const lines = renderTable(
    remotes,
    [
      { header: 'NAME', value: (r) => r.name },
      { header: 'URL', value: (r) => r.url, cut: 'start' },
      { header: 'EXPORT', value: (r) => (r.paused ? 'paused' : r.auto ? `auto, every ${r.intervalSeconds}s` : 'manual') + (r.redact ? '' : ', not redacted') + (r.pull ? ', pull' : '') },
      { header: 'ROUTING', value: routing },
      { header: 'SECRET', value: (r) => (remoteKind(r.url) === 'server' ? `token: ${secretWhere(r.token)}` : r.passphrase ? `passphrase: ${secretWhere(r.passphrase)}` : 'unencrypted') },
    ],
    terminalWidth(),
  );
  process.stdout.write(lines.join('\n') + '\n');
}

export async function runRemoteTest(name: string, options: { json?: boolean }): Promise<void> {
  const result: RemoteTestResult = await withRemotes((call) => call('remotes.test', { name }));
  if (result.problem) process.exitCode = EXIT_FAILURE;
  if (options.json) {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return;
  }
  const out = [
    `${result.name}: ${result.reachable ? 'reachable' : 'not reachable'}${result.authenticatedAs ? `, authenticated as ${result.authenticatedAs}` : ''}`,
    ...(result.problem ? [`problem: ${result.problem}`] : []),
    `routing matches ${result.matchingSessions} local session${result.matchingSessions === 1 ? '' : 's'}${result.workspaces.length ? ':' : ''}`,
    ...result.workspaces.map((w) => `  ${String(w.sessions).padStart(6)}  ${tilde(w.workspace)}`),
  ];
  process.stdout.write(out.join('\n') + '\n');
}
