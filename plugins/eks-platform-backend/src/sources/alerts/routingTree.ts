import { parse } from 'yaml';
import { Matcher, matchesAll } from './matchers';

/*
 * Alertmanager's routing tree, read from the configuration it runs
 * (`GET /api/v2/status`, `config.original`) and walked as Alertmanager
 * does (dispatch/route.go): a route matches when all its matchers do
 * (`matchers`, and the deprecated `match` and `match_re`); the children are
 * tried in order and the first match wins unless it says `continue: true`;
 * when no child matches, the route itself takes the alert; a route
 * without a receiver inherits its parent's.
 */

export interface RouteNode {
  receiver: string;
  matchers: Matcher[];
  continue: boolean;
  routes: RouteNode[];
}

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

/** Splits `a="x,y", b=c` at the commas outside quotes. */
function splitOutsideQuotes(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && quoted) {
      current += ch + (text[i + 1] ?? '');
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
      current += ch;
    } else if (ch === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current);
  return parts;
}

/** One `matchers:` entry: `a="b"`, `a=b`, or several in braces (`{a="b",c=~"d"}`). */
export function parseRouteMatchers(entry: string): Matcher[] {
  const inner = entry.trim().replace(/^\{/, '').replace(/\}$/, '');
  return splitOutsideQuotes(inner).map(part => {
    const m = MATCHER.exec(part);
    if (!m) throw new Error(`invalid route matcher '${part.trim()}'`);
    let value = m[3];
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2)
      value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    if (m[2] === '=~' || m[2] === '!~') RegExp(`^(?:${value})$`);
    return { name: m[1], op: m[2] as Matcher['op'], value };
  });
}

function routeOf(raw: any, parentReceiver: string, where: string): RouteNode {
  if (raw === null || typeof raw !== 'object')
    throw new Error(`${where} is not a route`);
  const receiver =
    typeof raw.receiver === 'string' && raw.receiver
      ? raw.receiver
      : parentReceiver;
  const matchers: Matcher[] = [];
  for (const entry of raw.matchers ?? []) {
    if (typeof entry !== 'string')
      throw new Error(`${where}.matchers holds a non-string entry`);
    matchers.push(...parseRouteMatchers(entry));
  }
  for (const [name, value] of Object.entries(raw.match ?? {}))
    matchers.push({ name, op: '=', value: String(value) });
  for (const [name, value] of Object.entries(raw.match_re ?? {})) {
    RegExp(`^(?:${String(value)})$`);
    matchers.push({ name, op: '=~', value: String(value) });
  }
  const children = Array.isArray(raw.routes) ? raw.routes : [];
  return {
    receiver,
    matchers,
    continue: raw.continue === true,
    routes: children.map((child: unknown, i: number) =>
      routeOf(child, receiver, `${where}.routes[${i}]`),
    ),
  };
}

/** Parses `config.original`; throws naming what is wrong. */
export function parseRoutingTree(original: string): RouteNode {
  let config: any;
  try {
    config = parse(original, { maxAliasCount: 100 });
  } catch (e) {
    throw new Error(
      `Alertmanager's configuration is not valid YAML: ${(e as Error).message}`,
    );
  }
  if (!config?.route)
    throw new Error("Alertmanager's configuration has no route");
  try {
    return routeOf(config.route, '', 'route');
  } catch (e) {
    throw new Error(
      `Alertmanager's routing tree cannot be read: ${(e as Error).message}`,
    );
  }
}

/** The receivers an alert with these labels is sent to, in tree order, without repeats. */
export function receiversFor(
  root: RouteNode,
  labels: Record<string, string>,
): string[] {
  const found: string[] = [];
  const walk = (route: RouteNode): boolean => {
    if (!matchesAll(route.matchers, labels)) return false;
    let matchedChild = false;
    for (const child of route.routes) {
      if (!walk(child)) continue;
      matchedChild = true;
      if (!child.continue) break;
    }
    if (!matchedChild && !found.includes(route.receiver))
      found.push(route.receiver);
    return true;
  };
  // The root route matches every alert, whatever matchers it declares.
  walk({ ...root, matchers: [] });
  return found;
}
