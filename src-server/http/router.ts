import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppContext } from '../app-context.js';
import type { Principal } from './auth.js';
import { badRequest } from './errors.js';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
  app: AppContext;
  /** Set for routes with `auth: true` before the handler runs. */
  principal: Principal;
}

export type Method = 'GET' | 'POST';

export interface Route {
  method: Method;
  /** A path with `:name` segments, e.g. /v1/sessions/:id. Also the metrics label. */
  path: string;
  auth: boolean;
  handler(ctx: RequestContext): Promise<void>;
}

interface Compiled {
  route: Route;
  regex: RegExp;
  names: string[];
}

export type Match = { kind: 'found'; route: Route; params: Record<string, string> } | { kind: 'wrong-method'; allow: Method[] } | { kind: 'none' };

/** Method + path matching with named segments; a dozen routes need no more than this. */
export class Router {
  private readonly compiled: Compiled[];

  constructor(routes: Route[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const pattern = route.path
        .split('/')
        .map((seg) => {
          if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(seg.slice(1));
          return '([^/]+)';
        })
        .join('/');
      return { route, regex: new RegExp(`^${pattern}$`), names };
    });
  }

  match(method: string, pathname: string): Match {
    const allow: Method[] = [];
    for (const c of this.compiled) {
      const m = c.regex.exec(pathname);
      if (!m) continue;
      if (c.route.method !== method) {
        allow.push(c.route.method);
        continue;
      }
      const params: Record<string, string> = {};
      c.names.forEach((name, i) => {
        try {
          params[name] = decodeURIComponent(m[i + 1]!);
          if (params[name].includes('\0')) throw new Error('NUL');
        } catch {
          throw badRequest(`path segment ${name} is not valid percent-encoded text`, name);
        }
      });
      return { kind: 'found', route: c.route, params };
    }
    return allow.length ? { kind: 'wrong-method', allow } : { kind: 'none' };
  }
}
