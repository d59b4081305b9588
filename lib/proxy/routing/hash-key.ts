import type { HashPolicy } from "../config/route-model";
import { combineHashes, xxh32 } from "../util/hash";
import { headerValue, queryValue, type RouteRequest } from "./request";

/**
 * The request's hash for ring_hash and maglev, from the route's hash policies in order: each policy that
 * yields a value is mixed in (previous hash rotated left by one bit, xor the new one); a terminal policy
 * that yields a value ends the walk. Undefined when no policy applies, and the balancer picks at random.
 */
export function requestHash(
  policies: readonly HashPolicy[],
  request: RouteRequest,
  sourceIp: string | undefined,
): number | undefined {
  let hash: number | undefined;
  for (const policy of policies) {
    const key = hashInput(policy, request, sourceIp);
    if (key === undefined) continue;
    const next = xxh32(key);
    hash = hash === undefined ? next : combineHashes(hash, next);
    if (policy.terminal) break;
  }
  return hash;
}

function hashInput(
  policy: HashPolicy,
  request: RouteRequest,
  sourceIp: string | undefined,
): string | undefined {
  switch (policy.kind) {
    case "header": {
      const value = headerValue(request, policy.name);
      if (value === undefined || !policy.rewrite) return value;
      return value.replace(policy.rewrite.regex, policy.rewrite.substitution);
    }
    case "cookie":
      return cookieValue(headerValue(request, "cookie"), policy.name);
    case "source_ip":
      return sourceIp;
    case "query_parameter":
      return queryValue(request, policy.name);
  }
}

/** One cookie's value from a Cookie header (several headers arrive joined with ","). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(/[;,]/)) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1) : value;
    }
  }
  return undefined;
}
