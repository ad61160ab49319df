import { LoginFlow } from '../src-worker/machines/login-flow.js';
import { createSecretStore } from '../src-worker/secrets/create-secret-store.js';
import { localMachine } from './machine-identity.js';
import { withRemotes } from './remote-client.js';

/**
 * `devlog login URL`: asks the server to let this machine in, shows the code a machine already
 * signed in approves (`devlog machines approve CODE`), waits, then keeps the token the server
 * gives this machine in the OS keychain as a remote with pull on. Signing in again (after a
 * revoke) replaces the token of the remote already there. The flow is the engine's (the wizard's
 * sign-in by code); its remote is saved through the running engine when there is one.
 */
export async function runLogin(url: string, opts: { name?: string }): Promise<void> {
  const flow = await LoginFlow.start(
    {
      listRemotes: async () => (await withRemotes((call) => call('remotes.list', undefined))).remotes,
      addRemote: (params) => withRemotes((call) => call('remotes.add', params)),
      editRemote: (params) => withRemotes((call) => call('remotes.edit', params)),
      secrets: createSecretStore(),
      machine: localMachine,
    },
    url,
    opts.name,
    `run \`devlog login ${url}\` again`,
  );
  const { code, expiresAt, machineName, remote } = flow.started;
  const minutes = Math.max(1, Math.round((Date.parse(expiresAt) - Date.now()) / 60_000));
  process.stdout.write(
    [
      `To let this machine ("${machineName}") in, run this on a machine already signed in to ${url}:`,
      '',
      `    devlog machines approve ${code}`,
      '',
      `The code expires in ${minutes} minutes. Waiting for the approval (Ctrl-C stops)...`,
      '',
    ].join('\n'),
  );
  const { user } = await flow.waitForApproval();
  process.stdout.write(
    `signed in to ${url} as ${user}: this machine has a token of its own, in the OS keychain for remote "${remote}" (pull on)\n` +
      `export to it with \`devlog export --remote ${remote}\`, or automatically: \`devlog remote edit ${remote} --auto\`\n`,
  );
}
