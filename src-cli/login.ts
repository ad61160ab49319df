import { setTimeout as sleep } from 'node:timers/promises';
import { DevlogError, ErrorCodes } from '../src-shared/errors.js';
import { REMOTE_NAME } from '../src-worker/config/remote-schema.js';
import { machinesApi } from '../src-worker/machines/server-api.js';
import { createSecretStore } from '../src-worker/secrets/create-secret-store.js';
import { secretAccount } from '../src-worker/secrets/secret-store.js';
import { localMachine } from './machine-identity.js';
import { withRemotes } from './remote-client.js';

const usage = (message: string) => new DevlogError(ErrorCodes.BadRequest, message);

function checkUrl(url: string): URL {
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

/** The remote's name when --name is not given: the server's host name, as far as a remote name allows. */
function defaultRemoteName(url: URL): string {
  const name = url.hostname.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 64);
  return REMOTE_NAME.test(name) ? name : 'server';
}

const sameServer = (a: string, b: string) => a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();

/**
 * `devlog login URL`: asks the server to let this machine in, shows the code a machine already
 * signed in approves (`devlog machines approve CODE`), waits, then keeps the token the server
 * gives this machine in the OS keychain as a remote with pull on. Signing in again (after a
 * revoke) replaces the token of the remote already there.
 */
export async function runLogin(url: string, opts: { name?: string }): Promise<void> {
  const server = checkUrl(url);
  const name = opts.name ?? defaultRemoteName(server);
  if (!REMOTE_NAME.test(name)) throw usage(`--name ${name}: use letters, digits, ".", "_" or "-", at most 64, starting with a letter or digit`);

  const { remotes } = await withRemotes((call) => call('remotes.list', undefined));
  const existing = remotes.find((r) => r.name === name);
  if (existing && !sameServer(existing.url, url)) throw usage(`remote "${name}" already points at ${existing.url}: choose another name with --name`);
  // The token comes once: make sure it has somewhere to go before asking for it.
  await createSecretStore().get(secretAccount(name, 'token'));

  const machine = localMachine();
  const started = await machinesApi.startLogin(url, { machineId: machine.id, machineName: machine.name.slice(0, 200) });
  const minutes = Math.max(1, Math.round((Date.parse(started.expiresAt) - Date.now()) / 60_000));
  process.stdout.write(
    [
      `To let this machine ("${machine.name}") in, run this on a machine already signed in to ${url}:`,
      '',
      `    devlog machines approve ${started.code}`,
      '',
      `The code expires in ${minutes} minutes. Waiting for the approval (Ctrl-C stops)...`,
      '',
    ].join('\n'),
  );

  for (;;) {
    await sleep(started.intervalSeconds * 1000);
    let result;
    try {
      result = await machinesApi.pollLogin(url, started.pollSecret);
    } catch (err) {
      // A server restarting or a network hiccup: keep waiting while the code lasts.
      const transient = err instanceof DevlogError && (err.code === ErrorCodes.Disconnected || err.code === ErrorCodes.Timeout);
      if (transient && Date.now() < Date.parse(started.expiresAt)) continue;
      throw err;
    }
    if (result.status === 'pending') continue;
    if (result.status === 'expired') throw new DevlogError(ErrorCodes.Timeout, `code ${started.code} expired before a machine approved it: run \`devlog login ${url}\` again`);

    try {
      await withRemotes((call) =>
        existing ? call('remotes.edit', { name, tokenValue: result.token, pull: true }) : call('remotes.add', { name, url, tokenValue: result.token, pull: true }),
      );
    } catch (err) {
      throw new DevlogError(ErrorCodes.Internal, `approved, but the token could not be kept (${(err as Error).message}); run \`devlog login ${url}\` again`);
    }
    process.stdout.write(
      `signed in to ${url} as ${result.user}: this machine has a token of its own, in the OS keychain for remote "${name}" (pull on)\n` +
        `export to it with \`devlog export --remote ${name}\`, or automatically: \`devlog remote edit ${name} --auto\`\n`,
    );
    return;
  }
}
