/**
 * Reads an HTTP request target (`/path?query`, or the absolute form `http://host/path`) into a
 * URL whose host means nothing; only its path and query are used. Anything unreadable
 * (`http://[`, `http://a:b:c/`, `*`) gives undefined, for a 400, instead of throwing.
 */
export function parseRequestTarget(raw: string | undefined): URL | undefined {
  const target = raw ?? '/';
  try {
    // The path of an origin-form target is taken as it is: `//evil.com` is a path, not a host.
    if (target.startsWith('/')) return new URL(`http://localhost${target}`);
    const absolute = new URL(target);
    if (absolute.protocol !== 'http:' && absolute.protocol !== 'ws:') return undefined;
    return new URL(`http://localhost${absolute.pathname}${absolute.search}`);
  } catch {
    return undefined;
  }
}

/**
 * Where to send the browser after trading the token for the cookie: the same path, always
 * starting with exactly one '/'. `//evil.com` (from `/x/..//evil.com`) would be read by the
 * browser as another host.
 */
export function sameOriginLocation(url: URL): string {
  const path = '/' + url.pathname.replace(/^[/\\]+/, '');
  return path + url.search;
}
