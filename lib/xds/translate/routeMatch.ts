import type { HeaderMatch, QueryMatch, RuleMatch } from "@/lib/mesh/schema";
import type { HeaderMatcher, QueryParameterMatcher, RouteMatch } from "./envoyTypes";

/** A rule's match as an Envoy RouteMatch; an absent path means "any path" (prefix "/"). */
export function translateMatch(
  match: RuleMatch | undefined,
  extraHeaders: readonly HeaderMatch[] = [],
): RouteMatch {
  const out: RouteMatch = pathSpecifier(match);
  const headers = [...(match?.headers ?? []), ...extraHeaders].map(headerMatcher);
  // The method is the ":method" pseudo-header, which Envoy and gRPC clients both match as a header.
  if (match?.method !== undefined) headers.push({ name: ":method", string_match: { exact: match.method } });
  if (headers.length > 0) out.headers = headers;
  const query = (match?.query ?? []).map(queryMatcher);
  if (query.length > 0) out.query_parameters = query;
  return out;
}

function pathSpecifier(match: RuleMatch | undefined): RouteMatch {
  const path = match?.path;
  if (path?.exact !== undefined) return { path: path.exact };
  if (path?.regex !== undefined) return { safe_regex: { regex: path.regex } };
  return { prefix: path?.prefix ?? "/" };
}

export function headerMatcher(header: HeaderMatch): HeaderMatcher {
  if (header.exact !== undefined) return { name: header.name, string_match: { exact: header.exact } };
  if (header.regex !== undefined)
    return { name: header.name, string_match: { safe_regex: { regex: header.regex } } };
  if (header.absent) return { name: header.name, present_match: true, invert_match: true };
  return { name: header.name, present_match: true };
}

function queryMatcher(query: QueryMatch): QueryParameterMatcher {
  if (query.exact !== undefined) return { name: query.name, string_match: { exact: query.exact } };
  if (query.regex !== undefined)
    return { name: query.name, string_match: { safe_regex: { regex: query.regex } } };
  return { name: query.name, present_match: true };
}
