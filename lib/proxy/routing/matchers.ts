/** Evaluates compiled matchers against a request, with Envoy's semantics. */
import type { HeaderMatch, PathMatch, QueryMatch, StringMatch } from "../config/route-model";
import { headerValue, pathOnly, queryValue, type RouteRequest } from "./request";

export function matchString(match: StringMatch, value: string): boolean {
  if (match.kind === "regex") return match.regex.test(value);
  const subject = match.ignoreCase ? value.toLowerCase() : value;
  switch (match.kind) {
    case "exact":
      return subject === match.value;
    case "prefix":
      return subject.startsWith(match.value);
    case "suffix":
      return subject.endsWith(match.value);
    case "contains":
      return subject.includes(match.value);
  }
}

export function matchPath(match: PathMatch, path: string): boolean {
  const bare = pathOnly(path);
  if (match.kind === "regex") return match.regex.test(bare);
  const subject = match.ignoreCase ? bare.toLowerCase() : bare;
  switch (match.kind) {
    case "prefix":
      return subject.startsWith(match.value);
    case "exact":
      return subject === match.value;
    case "separated_prefix":
      return subject === match.value || subject.startsWith(`${match.value}/`);
  }
}

/**
 * Envoy's rules: a missing header (unless treated as empty) matches only a present_match asking for
 * absence, and inverting never makes a value matcher match a missing header.
 */
export function matchHeader(match: HeaderMatch, request: RouteRequest): boolean {
  let value = headerValue(request, match.name);
  const { rule } = match;
  if (value === undefined) {
    if (!match.treatMissingAsEmpty) {
      if (rule.kind !== "present") return false;
      return match.invert ? rule.present : !rule.present;
    }
    value = "";
  }
  let result: boolean;
  switch (rule.kind) {
    case "present":
      result = rule.present;
      break;
    case "string":
      result = matchString(rule.match, value);
      break;
    case "range": {
      const trimmed = value.trim();
      const n = /^[-+]?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
      result = n >= rule.start && n < rule.end;
      break;
    }
  }
  return result !== match.invert;
}

export function matchQuery(match: QueryMatch, request: RouteRequest): boolean {
  const value = queryValue(request, match.name);
  if (value === undefined) return false;
  return match.rule.kind === "present" || matchString(match.rule.match, value);
}
