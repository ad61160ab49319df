import { setTimeout as sleep } from 'node:timers/promises';
import type { LoginStartedInfo, RemoteSettings } from '../../src-shared/contract/index.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import { REMOTE_NAME } from '../config/remote-schema.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { secretAccount } from '../secrets/secret-store.js';
import { machinesApi } from './server-api.js';

/** What a sign-in needs around it: the remotes (the engine's, or the CLI's through it), the keychain, this machine. */
export interface LoginFlowHost {
  listRemotes(): Promise<RemoteSettings[]>;
  addRemote(params: { name: string; url: string; tokenValue: string; pull: true }): Promise<RemoteSettings>;
  editRemote(params: { name: string; tokenValue: string; pull: true }): Promise<RemoteSettings>;
  readonly secrets: SecretStore;
  machine(): { id: string; name: string };
}

/** The sign-in started on the server, and how often to ask about it. */
export interface StartedLogin extends LoginStartedInfo {
  intervalSeconds: number;
  pollSecret: string;
}

const usage = (message: string) => new DevlogError(ErrorCodes.BadRequest, message);

/** The server's URL, refused in words when it is not one a devlog server can have. */
function checkServerUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usage(`${url}: not a URL; expected a devlog server, e.g. https://devlog.example.com`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw usage(`${url}: expected a devlog server (http:// or https://)`);
  if (parsed.username || parsed.password) throw usage(`${url}: leave the user and password out of the URL`);
  return parsed;
}

/** The remote's name when none is given: the server's host name, as far as a remote name allows. */
function defaultRemoteName(url: URL): string {
  const name = url.hostname.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 64);
  return REMOTE_NAME.test(name) ? name : 'server';
}

const sameServer = (a: string, b: string) => a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();

/** A code that ran out before anyone approved it (a DevlogError, so the CLI exits 1 with its words). */
export class LoginExpired extends DevlogError {
  constructor(message: string) {
    super(ErrorCodes.Timeout, message);
  }
}

/**
 * Signing this machine in by code, as `devlog login` and the wizard do: `start` asks the server
 * for a code (after checking the URL, the remote name and that the keychain can take the token);
 * `waitForApproval` polls until a machine already signed in approves it, then adds the server
 * remote with the new token and pull on (or replaces the token of the same-named remote on that
 * server, as after a revoke). `again` says how to retry, in the caller's words.
 */
export class LoginFlow {
  private constructor(
    private readonly host: LoginFlowHost,
    readonly started: StartedLogin,
    private readonly existing: boolean,
    private readonly again: string,
  ) {}

  static async start(host: LoginFlowHost, url: string, name: string | undefined, again: string, signal?: AbortSignal): Promise<LoginFlow> {
    const server = checkServerUrl(url);
    const remote = name ?? defaultRemoteName(server);
    if (!REMOTE_NAME.test(remote)) throw usage(`--name ${remote}: use letters, digits, ".", "_" or "-", at most 64, starting with a letter or digit`);
    const existing = (await host.listRemotes()).find((r) => r.name === remote);
    if (existing && !sameServer(existing.url, url)) throw usage(`remote "${remote}" already points at ${existing.url}: choose another name with --name`);
    // The token comes once: make sure it has somewhere to go before asking for it.
    await host.secrets.get(secretAccount(remote, 'token'));

    const machine = host.machine();
    const machineName = machine.name.slice(0, 200);
    const started = await machinesApi.startLogin(url, { machineId: machine.id, machineName }, signal);
    return new LoginFlow(host, { url, remote, machineName: machine.name, ...started }, existing !== undefined, again);
  }

  /** Polls until the code is approved (the remote is then saved) or expires; `signal` stops it. */
  async waitForApproval(signal?: AbortSignal): Promise<{ user: string; settings: RemoteSettings }> {
    const { url, remote: name, code, intervalSeconds, pollSecret, expiresAt } = this.started;
    for (;;) {
      await sleep(intervalSeconds * 1000, undefined, { signal }).catch(() => {
        throw new DevlogError(ErrorCodes.Cancelled, 'stopped');
      });
      let result;
      try {
        result = await machinesApi.pollLogin(url, pollSecret, signal);
      } catch (err) {
        // A server restarting or a network hiccup: keep waiting while the code lasts.
        const transient = err instanceof DevlogError && (err.code === ErrorCodes.Disconnected || err.code === ErrorCodes.Timeout);
        if (transient && Date.now() < Date.parse(expiresAt)) continue;
        throw err;
      }
      if (result.status === 'pending') continue;
      if (result.status === 'expired') throw new LoginExpired(`code ${code} expired before a machine approved it: ${this.again}`);

      let settings: RemoteSettings;
      try {
        settings = this.existing
          ? await this.host.editRemote({ name, tokenValue: result.token, pull: true })
          : await this.host.addRemote({ name, url, tokenValue: result.token, pull: true });
      } catch (err) {
        throw new DevlogError(ErrorCodes.Internal, `approved, but the token could not be kept (${(err as Error).message}); ${this.again}`);
      }
      return { user: result.user, settings };
    }
  }
}
