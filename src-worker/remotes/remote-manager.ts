import { fileURLToPath } from 'node:url';
import type { RemoteAddParams, RemoteCheckResult, RemoteEditParams, RemoteSettings, RemoteTestResult } from '../../src-shared/contract/index.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import type { Disposable } from '../../src-shared/lifecycle.js';
import { Listeners } from '../../src-shared/rpc/transport.js';
import type { DevlogConfig } from '../config/load.js';
import { FolderSink } from '../export/folder/folder-sink.js';
import { ExportError } from '../export/sink.js';
import { remoteKind, RemoteSchema, type RemoteConfig } from '../config/remote-schema.js';
import { resolveSecret, type SecretKind } from '../secrets/resolve-secret.js';
import { secretAccount, type SecretStore } from '../secrets/secret-store.js';
import type { ReadableDb } from '../store/database.js';
import { checkServer, type ServerCheck } from './check-server.js';
import { matchingSessions, type RoutingMatch } from './matching-sessions.js';
import { parseAddParams, parseCheckParams, parseEditParams, parsePreviewParams } from './remote-params.js';

/** What the manager needs of the engine: its config (read and changed), the store (read), its machine. */
export interface RemoteHost {
  readonly config: DevlogConfig;
  readonly machineId: string;
  updateConfig(change: (config: DevlogConfig) => DevlogConfig): DevlogConfig;
  readonly db: ReadableDb;
}

const SECRET_KINDS: SecretKind[] = ['token', 'passphrase'];
const valueOf = (p: RemoteAddParams | RemoteEditParams, kind: SecretKind) => (kind === 'token' ? p.tokenValue : p.passphraseValue);

export function toSettings(r: RemoteConfig): RemoteSettings {
  const { token, passphrase, ...rest } = r;
  return { ...rest, ...(token ? { token } : {}), ...(passphrase ? { passphrase } : {}) };
}

/** A server takes a token, a folder a passphrase (its encryption); the other makes no sense. */
function checkSecretsFit(remote: RemoteConfig): void {
  if (remoteKind(remote.url) === 'folder' && remote.token) {
    throw new DevlogError(ErrorCodes.BadRequest, `remote "${remote.name}": a folder remote takes no token (its passphrase encrypts it: --passphrase-stdin or --passphrase-env)`, 'token');
  }
  if (remoteKind(remote.url) === 'server' && remote.passphrase) {
    throw new DevlogError(ErrorCodes.BadRequest, `remote "${remote.name}": a devlog server takes a token, not a passphrase (--token-stdin or --token-env)`, 'passphrase');
  }
}

/**
 * checkServer words a refused token for the CLI (`devlog remote edit NAME --token-stdin`); a
 * remote being added in the UI has no name yet and the user pastes the token in a field.
 */
function inUiWords(check: ServerCheck): ServerCheck {
  if (!check.problem?.startsWith('the server refused the token')) return check;
  return { ...check, problem: 'The server refused this token: it is wrong, expired or revoked. Create a new one on the server (`devlog server token create --user YOU`) and paste it here.' };
}

const notFound = (name: string) => new DevlogError(ErrorCodes.NotFound, `no remote named "${name}" (devlog remote list shows them)`, 'name');

/**
 * Adds, edits, removes, lists and tests the remotes in config.json. Secrets given as values go to
 * the SecretStore (the OS keychain) and config.json only says "keychain"; "${ENV}" references are
 * kept as written. The same code serves the engine's RPC and the CLI when no engine runs.
 */
export class RemoteManager {
  private readonly tested = new Listeners<string>();

  constructor(
    private readonly host: RemoteHost,
    private readonly secrets: SecretStore,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  list(): RemoteSettings[] {
    return this.host.config.remotes.map(toSettings);
  }

  async add(params: unknown): Promise<RemoteSettings> {
    const p = parseAddParams(params);
    if (this.find(p.name)) throw new DevlogError(ErrorCodes.BadRequest, `remote "${p.name}" already exists (change it with \`devlog remote edit ${p.name}\`)`, 'name');
    const { tokenValue, passphraseValue, ...settings } = p;
    const remote = RemoteSchema.parse({
      ...settings,
      ...(tokenValue !== undefined ? { token: 'keychain' } : {}),
      ...(passphraseValue !== undefined ? { passphrase: 'keychain' } : {}),
    });
    checkSecretsFit(remote);
    // Secrets first: when the keychain cannot take them, config.json is left as it was.
    const stored = await this.storeSecrets(p.name, p);
    try {
      this.host.updateConfig((config) => {
        if (config.remotes.some((r) => r.name === p.name)) throw new DevlogError(ErrorCodes.BadRequest, `remote "${p.name}" already exists`, 'name');
        return { ...config, remotes: [...config.remotes, remote] };
      });
    } catch (err) {
      await this.deleteSecrets(p.name, stored).catch(() => undefined);
      throw err;
    }
    return toSettings(this.find(p.name)!);
  }

  async edit(params: unknown): Promise<RemoteSettings> {
    const p = parseEditParams(params);
    const current = this.find(p.name) ?? (() => { throw notFound(p.name); })();
    const { tokenValue, passphraseValue, ...changes } = p;
    const next = RemoteSchema.parse({
      ...current,
      ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
      ...(tokenValue !== undefined ? { token: 'keychain' } : {}),
      ...(passphraseValue !== undefined ? { passphrase: 'keychain' } : {}),
    });
    checkSecretsFit(next);
    await this.storeSecrets(p.name, p);
    this.host.updateConfig((config) => {
      if (!config.remotes.some((r) => r.name === p.name)) throw notFound(p.name);
      return { ...config, remotes: config.remotes.map((r) => (r.name === p.name ? next : r)) };
    });
    // A secret moved from the keychain to an environment variable is not left behind (when the
    // keychain works: moving away from a broken one is what --token-env is for).
    const dropped = SECRET_KINDS.filter((kind) => current[kind] === 'keychain' && next[kind] !== 'keychain');
    await this.deleteSecrets(p.name, dropped).catch(() => undefined);
    return toSettings(this.find(p.name)!);
  }

  async remove(name: string): Promise<{ removed: boolean; problem?: string }> {
    const current = this.find(name);
    if (!current) return { removed: false };
    this.host.updateConfig((config) => ({ ...config, remotes: config.remotes.filter((r) => r.name !== name) }));
    // A broken keychain must not keep a remote alive; what could not be deleted is said.
    try {
      await this.deleteSecrets(name, SECRET_KINDS.filter((kind) => current[kind] === 'keychain'));
      return { removed: true };
    } catch (err) {
      return { removed: true, problem: `its secrets could not be deleted from the keychain: ${(err as Error).message}` };
    }
  }

  /** Reachable? Authenticated as whom (a server) or writable (a folder)? Which sessions would go? */
  async test(name: string, signal: AbortSignal = new AbortController().signal): Promise<RemoteTestResult> {
    const remote = this.find(name) ?? (() => { throw notFound(name); })();
    const check = remoteKind(remote.url) === 'server' ? await this.checkServerRemote(remote, signal) : await this.checkFolderRemote(remote, signal);
    if (check.problem === null) this.tested.fire(name);
    return { name, ...check, ...matchingSessions(this.host.db, remote) };
  }

  /** Test connection for a remote being added: the same checks as test(), nothing stored. */
  async check(params: unknown, signal: AbortSignal = new AbortController().signal): Promise<RemoteCheckResult> {
    const p = parseCheckParams(params);
    if (remoteKind(p.url) === 'server') {
      if (p.passphraseValue !== undefined) throw new DevlogError(ErrorCodes.BadRequest, 'remotes.check: a devlog server takes a token, not a passphrase', 'passphraseValue');
      return inUiWords(await checkServer(p.url, p.tokenValue, 'NAME', signal));
    }
    if (p.tokenValue !== undefined) throw new DevlogError(ErrorCodes.BadRequest, 'remotes.check: a folder remote takes no token (its passphrase encrypts it)', 'tokenValue');
    return this.checkFolder(p.url, p.passphraseValue, signal);
  }

  /** Which local sessions these routing rules would send (the live preview while they are typed). */
  preview(params: unknown): RoutingMatch {
    const rules = parsePreviewParams(params);
    return matchingSessions(this.host.db, RemoteSchema.parse({ name: 'preview', url: 'file:///preview', ...rules }));
  }

  /** After a test that found no problem: an exporter stopped by a refused token tries again. */
  onTested(listener: (name: string) => void): Disposable {
    return this.tested.add(listener);
  }

  private find(name: string): RemoteConfig | undefined {
    return this.host.config.remotes.find((r) => r.name === name);
  }

  private async checkServerRemote(remote: RemoteConfig, signal: AbortSignal) {
    let token: string | undefined;
    let secretProblem: string | undefined;
    try {
      token = await resolveSecret(remote.token, remote.name, 'token', this.secrets, this.env);
    } catch (err) {
      secretProblem = (err as Error).message;
    }
    const result = await checkServer(remote.url, token, remote.name, signal);
    // Without its token the server can only say whether it is there; the missing secret is the news.
    if (!secretProblem) return result;
    return { ...result, problem: result.reachable ? secretProblem : `${secretProblem}; and ${result.problem}` };
  }

  /** The folder sink's own check: the folder is there, a file can be written, the passphrase opens what this machine wrote. */
  private async checkFolderRemote(remote: RemoteConfig, signal: AbortSignal) {
    let passphrase: string | undefined;
    try {
      passphrase = await resolveSecret(remote.passphrase, remote.name, 'passphrase', this.secrets, this.env);
    } catch (err) {
      return { reachable: true, authenticatedAs: null, problem: (err as Error).message };
    }
    return this.checkFolder(remote.url, passphrase, signal);
  }

  private async checkFolder(url: string, passphrase: string | undefined, signal: AbortSignal): Promise<RemoteCheckResult> {
    try {
      const folder = fileURLToPath(url);
      await new FolderSink({ folder, machineId: this.host.machineId, ...(passphrase === undefined ? {} : { passphrase }) }).check(signal);
      return { reachable: true, authenticatedAs: null, problem: null };
    } catch (err) {
      // Offline: the folder is not there (an unmounted share); anything else was reached and said no.
      return { reachable: !(err instanceof ExportError && err.kind === 'offline'), authenticatedAs: null, problem: (err as Error).message };
    }
  }

  private async storeSecrets(name: string, p: RemoteAddParams | RemoteEditParams): Promise<SecretKind[]> {
    const stored: SecretKind[] = [];
    for (const kind of SECRET_KINDS) {
      const value = valueOf(p, kind);
      if (value === undefined) continue;
      await this.secrets.set(secretAccount(name, kind), value);
      stored.push(kind);
    }
    return stored;
  }

  private async deleteSecrets(name: string, kinds: SecretKind[]): Promise<void> {
    for (const kind of kinds) await this.secrets.delete(secretAccount(name, kind));
  }
}
