import { z } from 'zod';
import type { LoginFlowState, LoginStartedInfo } from '../../src-shared/contract/index.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import type { Disposable } from '../../src-shared/lifecycle.js';
import { parseParams, remoteName } from '../remotes/remote-params.js';
import { LoginExpired, LoginFlow, type LoginFlowHost } from './login-flow.js';

const StartParams = z.strictObject({ url: z.string().trim().min(1, 'empty server URL').max(2048), remote: remoteName.optional() });

/** How the UI says to retry: its own button, not a command. */
const AGAIN = 'get a new code and try again';

/**
 * The engine's one sign-in by code (the wizard's "Sign in with a code"): started over RPC, it
 * waits in the background so the page can be reloaded or closed meanwhile, and its state can be
 * read at any time. A new start replaces one still waiting; the engine stopping stops it.
 */
export class EngineLogin implements Disposable {
  private current: LoginFlowState = { state: 'idle' };
  private stopWaiting: AbortController | undefined;

  constructor(private readonly host: LoginFlowHost) {}

  async start(params: unknown, signal?: AbortSignal): Promise<LoginStartedInfo> {
    const p = parseParams(StartParams, 'machines.login.start', params);
    this.cancel();
    const flow = await LoginFlow.start(this.host, p.url, p.remote, AGAIN, signal);
    const { url, remote, code, expiresAt, machineName } = flow.started;
    const info = { url, remote, code, expiresAt, machineName };
    // A start that raced this one may have begun waiting meanwhile: the later start wins.
    this.cancel();
    const stop = new AbortController();
    this.stopWaiting = stop;
    this.current = { state: 'waiting', ...info };
    flow.waitForApproval(stop.signal).then(
      ({ user, settings }) => {
        if (this.stopWaiting === stop) this.current = { state: 'approved', url, remote, user, settings };
      },
      (err: unknown) => {
        if (this.stopWaiting !== stop || stop.signal.aborted) return;
        const error = err instanceof Error ? err.message : String(err);
        this.current = err instanceof LoginExpired ? { state: 'expired', url, remote, code, error } : { state: 'failed', url, remote, error };
      },
    );
    return info;
  }

  state(): LoginFlowState {
    return this.current;
  }

  /** Stops waiting; a waiting state goes back to idle, an outcome stays readable. */
  cancel(): LoginFlowState {
    this.stopWaiting?.abort();
    this.stopWaiting = undefined;
    if (this.current.state === 'waiting') this.current = { state: 'idle' };
    return this.current;
  }

  dispose(): void {
    this.cancel();
  }
}

/** For handlers that have no engine to wait in (none today): says so in words. */
export const noBackgroundLogin = () => new DevlogError(ErrorCodes.BadRequest, 'signing in by code waits in the engine: start devlog first, or run `devlog login URL`');
