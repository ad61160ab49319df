import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { tokensEqual } from './token.js';

/**
 * The token cookie's name, specific to this install and port. Browsers send 127.0.0.1 cookies
 * to every port, so a generic name would be overwritten by (or sent to) any other local app
 * using the same one, locking the user out.
 */
export function tokenCookieName(token: string, port: number): string {
  const install = crypto.createHash('sha256').update(token).digest('hex').slice(0, 12);
  return `devlog_${install}_${port}`;
}

/**
 * Only loopback names are accepted in Host: a page on another site that resolves its own
 * name to 127.0.0.1 (DNS rebinding) sends its own name and is refused.
 */
export function isAllowedHost(host: string | undefined, port: number, boundHost = '127.0.0.1'): boolean {
  if (!host) return false;
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${urlHost(boundHost)}:${port}`].includes(host.toLowerCase());
}

/** How an address appears in a URL or Host header: IPv6 in brackets. */
export function urlHost(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

/** Browsers send Origin on WebSocket upgrades and cross-site requests; only our own page may talk. */
export function isAllowedOrigin(origin: string | undefined, port: number, boundHost = '127.0.0.1'): boolean {
  if (origin === undefined) return true; // Non-browser clients (the CLI) send no Origin.
  const allowed = [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`, `http://${urlHost(boundHost)}:${port}`];
  return allowed.includes(origin.toLowerCase());
}

/** Percent-decodes a cookie value; a malformed one (`%`, `%E0%A4%A`) is kept as sent, never thrown. */
function decodeCookieValue(value: string): string {
  const unquoted = value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  try {
    return decodeURIComponent(unquoted);
  } catch {
    return unquoted;
  }
}

/**
 * Every value of cookie `name` in the Cookie header. Any page on 127.0.0.1 can set cookies the
 * browser then sends here, so the header is untrusted: all values are returned (a planted one
 * must not shadow ours) and nothing in it can make this throw.
 */
export function readCookies(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    values.push(decodeCookieValue(part.slice(eq + 1).trim()));
  }
  return values;
}

export type Verdict = { ok: true; viaQuery: boolean } | { ok: false; status: 401 | 403; reason: string };

/**
 * The one check every HTTP request and WebSocket upgrade goes through. `boundHost` is the
 * loopback address listened on (`--host 127.0.0.2` is reached as http://127.0.0.2:PORT/).
 */
export function checkRequest(req: IncomingMessage, url: URL, port: number, token: string, boundHost = '127.0.0.1'): Verdict {
  if (!isAllowedHost(req.headers.host, port, boundHost)) return { ok: false, status: 403, reason: 'foreign Host header' };
  const origin = req.headers.origin;
  if (!isAllowedOrigin(typeof origin === 'string' ? origin : undefined, port, boundHost)) {
    return { ok: false, status: 403, reason: 'foreign Origin' };
  }
  const fromQuery = url.searchParams.get('token');
  if (tokensEqual(fromQuery, token)) return { ok: true, viaQuery: true };
  const bearer = req.headers.authorization?.replace(/^Bearer\s+/i, '');
  const cookies = readCookies(req.headers.cookie, tokenCookieName(token, port));
  if (cookies.some((value) => tokensEqual(value, token)) || tokensEqual(bearer, token)) return { ok: true, viaQuery: false };
  return { ok: false, status: 401, reason: 'missing or wrong token: open the URL that `devlog start` printed' };
}
