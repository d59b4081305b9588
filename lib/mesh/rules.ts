import type { Destination, RouteRule, RuleMatch } from "./schema";

const MATCH_ALL_REGEXES = new Set([".*", "^.*$", "/.*", "^/.*$", "(.*)"]);

/** True when a match accepts every request: nothing set, or only a path that every path satisfies. */
export function isCatchAll(match: RuleMatch | undefined): boolean {
  if (match === undefined) return true;
  if ((match.headers?.length ?? 0) > 0 || (match.query?.length ?? 0) > 0 || match.method !== undefined) {
    return false;
  }
  const path = match.path;
  if (path === undefined) return true;
  if (path.prefix !== undefined) return path.prefix === "/";
  if (path.regex !== undefined) return MATCH_ALL_REGEXES.has(path.regex);
  return false;
}

/** The weight a destination effectively gets: a lone destination without a weight takes all traffic. */
export function effectiveWeight(
  rule: Pick<RouteRule, "destinations">,
  destination: Destination,
): number | undefined {
  if (destination.weight !== undefined) return destination.weight;
  return rule.destinations.length === 1 ? 100 : undefined;
}

/** Stable key of a destination within a rule: `service` or `service|subset`. */
export function destinationKey(destination: { service: string; subset?: string | undefined }): string {
  return destination.subset === undefined
    ? destination.service
    : `${destination.service}|${destination.subset}`;
}
