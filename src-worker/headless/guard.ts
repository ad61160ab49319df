import type { IncomingMessage } from 'node:http';
import { tokensEqual } from './token.js';

export const TOKEN_COOKIE = 'devlog_token';

/**
 * Only loopback names are accepted in Host: a page on another site that resolves its own
 * name to 127.0.0.1 (DNS rebinding) sends its own name and is refused.
 */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host.toLowerCase());
}

/** Browsers send Origin on WebSocket upgrades and cross-site requests; only our own page may talk. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true; // Non-browser clients (the CLI) send no Origin.
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`].includes(origin.toLowerCase());
}

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export type Verdict = { ok: true; viaQuery: boolean } | { ok: false; status: 401 | 403; reason: string };

/** The one check every HTTP request and WebSocket upgrade goes through. */
export function checkRequest(req: IncomingMessage, url: URL, port: number, token: string): Verdict {
  if (!isAllowedHost(req.headers.host, port)) return { ok: false, status: 403, reason: 'foreign Host header' };
  const origin = req.headers.origin;
  if (!isAllowedOrigin(typeof origin === 'string' ? origin : undefined, port)) {
    return { ok: false, status: 403, reason: 'foreign Origin' };
  }
  const fromQuery = url.searchParams.get('token');
  if (tokensEqual(fromQuery, token)) return { ok: true, viaQuery: true };
  const bearer = req.headers.authorization?.replace(/^Bearer\s+/i, '');
  if (tokensEqual(readCookie(req, TOKEN_COOKIE), token) || tokensEqual(bearer, token)) return { ok: true, viaQuery: false };
  return { ok: false, status: 401, reason: 'missing or wrong token: open the URL that `devlog start` printed' };
}
