// Route table: method + path pattern (the pattern doubles as the request-counter key, e.g.
// "GET /trader/v1/accounts/{accountHash}"), the API family that decides error shapes, and whether a Bearer
// token is required.
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiFamily } from './errorBodies';
import type { FieldPath } from './malformedBody';

export interface RouteContext {
  method: string;
  url: URL;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
  nowMs: number;
}

export type RouteResult =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: number; html: string; headers?: Record<string, string> }
  | { status: number; redirect: string };

export interface Route {
  method: 'GET' | 'POST';
  pattern: string;
  family: ApiFamily;
  /** Requires `Authorization: Bearer <access token>`. */
  auth: boolean;
  /** The required field a "missing-field" fault removes from this route's success body. */
  requiredField?: (body: unknown) => FieldPath | undefined;
  handle(ctx: RouteContext): RouteResult;
}

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: Route[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.pattern
        .split(/(\{[A-Za-z]+\})/)
        .map((part) => {
          const m = /^\{([A-Za-z]+)\}$/.exec(part);
          if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(m[1]!);
          return '([^/]+)';
        })
        .join('');
      return { route, regex: new RegExp(`^${source}$`), names };
    });
  }

  /** First route whose method and pattern match; literal routes are listed before parameterised ones. */
  match(method: string, pathname: string): RouteMatch | undefined {
    for (const c of this.compiled) {
      if (c.route.method !== method) continue;
      const m = c.regex.exec(pathname);
      if (!m) continue;
      const params: Record<string, string> = {};
      c.names.forEach((n, i) => {
        params[n] = safeDecode(m[i + 1]!);
      });
      return { route: c.route, params };
    }
    return undefined;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The API family a path belongs to (for errors on unmatched paths and injected failures). */
export function familyOf(pathname: string): ApiFamily {
  if (pathname.startsWith('/v1/oauth')) return 'oauth';
  if (pathname.startsWith('/marketdata')) return 'marketdata';
  return 'trader';
}
