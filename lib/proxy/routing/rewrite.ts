/** Path and authority rewrites of a forwarding route, applied once the route is chosen. */
import type { ForwardAction, Route } from "../config/route-model";
import { joinHeader, pathOnly, type RequestHeaders } from "./request";

/**
 * prefix_rewrite replaces the matched prefix (or the whole path for an exact or regex match); regex_rewrite
 * substitutes within the path. Both leave the query string alone.
 */
export function rewritePath(route: Route, action: ForwardAction, path: string): string {
  if (!rewritesPath(action)) return path;
  const bare = pathOnly(path);
  const query = path.slice(bare.length);
  if (action.regexRewrite) {
    const { regex, substitution } = action.regexRewrite;
    return bare.replace(regex, substitution) + query;
  }
  const match = route.match.path;
  const rewrite = action.prefixRewrite ?? "";
  if (match.kind === "prefix" || match.kind === "separated_prefix")
    return rewrite + bare.slice(match.value.length) + query;
  // Exact and regex matches matched the whole path, so all of it is swapped (Envoy's rule).
  return rewrite + query;
}

/** Whether the route rewrites the path (Envoy then records the original in x-envoy-original-path). */
export function rewritesPath(action: ForwardAction): boolean {
  return action.prefixRewrite !== undefined || action.regexRewrite !== undefined;
}

/** The authority sent upstream: host_rewrite_literal or host_rewrite_header; auto rewrite is not applied. */
export function rewriteAuthority(action: ForwardAction, authority: string, headers: RequestHeaders): string {
  const rewrite = action.hostRewrite;
  if (!rewrite) return authority;
  if (rewrite.kind === "literal") return rewrite.value;
  if (rewrite.kind === "header") return joinHeader(headers[rewrite.name]) ?? authority;
  return authority;
}
