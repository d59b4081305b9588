import type { PathSegment } from "../path";
import { checkRe2 } from "../re2/checkRe2";
import type { HeaderMatch, MeshConfig, PathMatch, RuleMatch } from "../schema";
import type { IssueCollector } from "./issues";

/** Every regex in the config must be RE2, the only dialect Envoy and gRPC xDS clients accept. */
export function checkRegexes(config: MeshConfig, issues: IssueCollector): void {
  config.services.forEach((service, s) => {
    (service.routes ?? []).forEach((rule, r) => {
      const rulePath = ["services", s, "routes", r] as const;
      if (rule.match) checkMatch(rule.match, [...rulePath, "match"], issues);
      checkHeaders(rule.fault?.headers, [...rulePath, "fault", "headers"], issues);
    });
  });
  (config.authorization ?? []).forEach((policy, p) => {
    (policy.paths ?? []).forEach((path, k) => {
      checkPath(path, ["authorization", p, "paths", k], issues);
    });
  });
}

function checkMatch(match: RuleMatch, path: readonly PathSegment[], issues: IssueCollector): void {
  if (match.path) checkPath(match.path, [...path, "path"], issues);
  checkHeaders(match.headers, [...path, "headers"], issues);
  (match.query ?? []).forEach((query, q) => {
    if (query.regex !== undefined) checkPattern(query.regex, [...path, "query", q, "regex"], issues);
  });
}

function checkPath(match: PathMatch, path: readonly PathSegment[], issues: IssueCollector): void {
  if (match.regex !== undefined) checkPattern(match.regex, [...path, "regex"], issues);
}

function checkHeaders(
  headers: readonly HeaderMatch[] | undefined,
  path: readonly PathSegment[],
  issues: IssueCollector,
) {
  (headers ?? []).forEach((header, h) => {
    if (header.regex !== undefined) checkPattern(header.regex, [...path, h, "regex"], issues);
  });
}

function checkPattern(pattern: string, path: readonly PathSegment[], issues: IssueCollector): void {
  const result = checkRe2(pattern);
  if (!result.ok) issues.error(path, `not valid RE2 at offset ${result.index}: ${result.message}`);
}
