// The routes a service page offers to split its charts by: the service's configured route rules (from the
// mesh config) and the http.route values its telemetry holds for the range, merged into one list. Pure.

import type { PathMatch } from "@/lib/mesh/schema/match";

/** At most this many routes are charted at once (one series request each). */
export const MAX_SPLIT_ROUTES = 8;

export interface RouteChoice {
  /** The http.route value the split filters on. */
  value: string;
  /** Requests in the range (0 when the telemetry has none). */
  requests: number;
  /** Names of the route rules it comes from ("checkout", or "rule 2" for an unnamed one). */
  rules: string[];
  selected: boolean;
}

export interface ConfiguredRule {
  name?: string | undefined;
  match?: { path?: PathMatch | undefined } | undefined;
}

/**
 * The http.route a rule's path match is reported under, or null when it has none. The sidecar reports a
 * route template, never a raw path (docs/telemetry-metrics.md): an exact path as itself, a prefix as the
 * prefix followed by `*` ("/api/products/" → "/api/products/*"); a regex or a rule without a path gives none.
 */
export function routeTemplateOf(path: PathMatch | undefined): string | null {
  if (path?.exact !== undefined) return path.exact;
  if (path?.prefix !== undefined) return `${path.prefix}*`;
  return null;
}

/**
 * Configured routes first (in rule order), then routes only seen in telemetry (busiest first), then chosen
 * values neither knows (typed in, or gone from the range), so a choice in the URL is never hidden.
 */
export function routeChoices(
  rules: readonly ConfiguredRule[],
  observed: readonly { value: string; requests: number }[],
  selected: readonly string[],
): RouteChoice[] {
  const requests = new Map(observed.map((route) => [route.value, route.requests]));
  const chosen = new Set(selected);
  const byValue = new Map<string, RouteChoice>();
  const add = (value: string, rule: string | null) => {
    const existing = byValue.get(value);
    if (existing) {
      if (rule !== null) existing.rules.push(rule);
      return;
    }
    byValue.set(value, {
      value,
      requests: requests.get(value) ?? 0,
      rules: rule === null ? [] : [rule],
      selected: chosen.has(value),
    });
  };
  rules.forEach((rule, index) => {
    const template = routeTemplateOf(rule.match?.path);
    if (template !== null) add(template, rule.name ?? `rule ${index + 1}`);
  });
  const seen = [...observed].sort((a, b) => b.requests - a.requests || a.value.localeCompare(b.value));
  for (const route of seen) add(route.value, null);
  for (const value of selected) add(value, null);
  return [...byValue.values()];
}

/** The `routes` URL parameter: comma-separated, trimmed, without repeats, at most MAX_SPLIT_ROUTES. */
export function parseRoutesParam(text: string | null): string[] {
  const values = (text ?? "")
    .split(",")
    .map((value) => value.trim())
    .filter(Boolean);
  return [...new Set(values)].slice(0, MAX_SPLIT_ROUTES);
}

/** The selection after ticking or unticking one route (a tick past the limit is ignored). */
export function toggleRoute(selected: readonly string[], value: string, on: boolean): string[] {
  if (!on) return selected.filter((route) => route !== value);
  if (selected.includes(value) || selected.length >= MAX_SPLIT_ROUTES) return [...selected];
  return [...selected, value];
}
