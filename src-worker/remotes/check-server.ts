/** What `remote test` learns from a devlog server. */
export interface ServerCheck {
  reachable: boolean;
  authenticatedAs: string | null;
  problem: string | null;
}

export const CHECK_TIMEOUT_MS = 10_000;
/** /v1/me is a few hundred bytes; a remote sending more is not a devlog server. */
const MAX_BODY_BYTES = 64 * 1024;

/** The server's error message from its JSON error body ({ error: { message } }), if it sent one. */
function serverMessage(body: string): string | undefined {
  try {
    const message = (JSON.parse(body) as { error?: { message?: unknown } }).error?.message;
    return typeof message === 'string' ? message.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

async function readCapped(res: Response): Promise<string | undefined> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Why fetch failed, in words: refused, unknown host, timed out, TLS. */
function networkProblem(err: unknown, origin: string, timeoutMs: number): string {
  if (err instanceof Error && err.name === 'TimeoutError') return `no answer from ${origin} within ${timeoutMs / 1000} s`;
  const cause = err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  const why = cause?.code === 'ECONNREFUSED' ? 'connection refused' : cause?.code === 'ENOTFOUND' ? 'unknown host' : (cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err)));
  return `cannot reach ${origin}: ${why}`;
}

/**
 * Asks a devlog server who the token belongs to (GET /v1/me). Never throws: every outcome is
 * said in words. Redirects are not followed, so the token goes only to the URL the user gave.
 */
export async function checkServer(baseUrl: string, token: string | undefined, remoteName: string, signal: AbortSignal, timeoutMs = CHECK_TIMEOUT_MS): Promise<ServerCheck> {
  const url = new URL('v1/me', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  let res: Response;
  let body: string | undefined;
  // An own timer, not AbortSignal.timeout(): a composite signal whose parts were collected
  // as garbage never fires (seen under vitest), and this check must never hang.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new DOMException('timed out', 'TimeoutError')), timeoutMs);
  const onCallerAbort = () => abort.abort(signal.reason);
  signal.addEventListener('abort', onCallerAbort, { once: true });
  try {
    res = await fetch(url, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` }, redirect: 'manual', signal: abort.signal });
    body = await readCapped(res);
  } catch (err) {
    return { reachable: false, authenticatedAs: null, problem: networkProblem(err, url.origin, timeoutMs) };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onCallerAbort);
  }
  const said = body === undefined ? undefined : serverMessage(body);
  const answered = `${res.status}${said ? `: ${said}` : ''}`;
  if (res.status === 401) {
    const problem =
      token === undefined
        ? `the server wants a token and this remote has none: add one with \`devlog remote edit ${remoteName} --token-stdin\``
        : `the server refused the token (${answered}): create a new one with \`devlog server token create\` and set it with \`devlog remote edit ${remoteName} --token-stdin\``;
    return { reachable: true, authenticatedAs: null, problem };
  }
  if (res.status === 403) return { reachable: true, authenticatedAs: null, problem: `the server refused access (${answered})` };
  if (res.status >= 300 && res.status < 400) {
    return { reachable: true, authenticatedAs: null, problem: `the server redirects to ${res.headers.get('location') ?? '(nowhere)'}: use that URL (devlog remote edit ${remoteName} --url ...)` };
  }
  if (res.status !== 200) return { reachable: true, authenticatedAs: null, problem: `the server answered ${answered} to GET /v1/me` };
  let user: unknown;
  try {
    user = body === undefined ? undefined : (JSON.parse(body) as { user?: unknown }).user;
  } catch {
    user = undefined;
  }
  if (typeof user !== 'string' || user === '') {
    return { reachable: true, authenticatedAs: null, problem: `${url.origin} answered GET /v1/me, but not as a devlog server does (no user in the answer): is this the right URL?` };
  }
  return { reachable: true, authenticatedAs: user, problem: null };
}
