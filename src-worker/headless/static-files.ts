import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The same strict policy the Electron windows use; the page needs nothing from elsewhere. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:* ws://[::1]:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/**
 * Where the built renderer is: dist/renderer, found from this module whether it runs from the
 * CLI bundle (dist/cli), one of its chunks (dist/cli/chunks) or the sources (src-worker/headless).
 */
export function findRendererDir(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = ['../renderer', '../../renderer', '../../dist/renderer'].map((rel) => path.resolve(here, rel));
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html')));
}

export function serveStatic(res: ServerResponse, rendererDir: string | undefined, urlPath: string): void {
  if (!rendererDir) {
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('devlog: the web UI is not built. Run `npm run build` and restart `devlog start`.\n');
    return;
  }
  const decoded = decodePath(urlPath);
  if (decoded === undefined) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('devlog: malformed percent-encoding in the path\n');
    return;
  }
  const target = path.resolve(rendererDir, '.' + path.posix.normalize(decoded));
  const inside = target === rendererDir || target.startsWith(rendererDir + path.sep);
  let file = inside && fs.existsSync(target) && fs.statSync(target).isFile() ? target : undefined;
  // Client-side routes fall back to the app shell; missing assets are a real 404.
  if (!file && !path.extname(decoded)) file = path.join(rendererDir, 'index.html');
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found\n');
    return;
  }
  const headers: Record<string, string> = {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': file.endsWith('index.html') ? 'no-store' : 'private, max-age=31536000, immutable',
  };
  res.writeHead(200, headers);
  // pipeline, not pipe: a read error or a client that goes away ends both streams, never throws.
  pipeline(fs.createReadStream(file), res, () => undefined);
}

/** `/%E0%A4%A` is not valid percent-encoding: undefined (a 400), not an exception. */
function decodePath(urlPath: string): string | undefined {
  try {
    return decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
}
