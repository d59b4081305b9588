/** Compiles StringMatcher, RegexMatcher, HeaderMatcher and QueryParameterMatcher once, at config time. */
import type { Diagnostics } from "./diagnostics";
import { noteIgnoredFields } from "./ignored-fields";
import { compileRe2, translateSubstitution } from "./re2";
import type { HeaderMatch, HeaderRule, QueryMatch, RegexRewrite, StringMatch } from "./route-model";
import {
  boolField,
  field,
  numberField,
  objectField,
  oneofCase,
  stringField,
  type XdsObject,
} from "./xds-values";

const HEADER_NAME = /^:?[!#$%&'*+\-.^_`|~0-9a-zA-Z]+$/;

/** A type.matcher.v3.RegexMatcher compiled for full matches; `what` names it in errors. */
export function compileRegexMatcher(
  o: XdsObject | undefined,
  d: Diagnostics,
  what = "regex",
): RegExp | undefined {
  const source = stringField(o, "regex");
  if (source === undefined) {
    d.error(`${what} has no regex`);
    return undefined;
  }
  const result = compileRe2(source);
  if (!result.ok) {
    d.error(`${what} '${source}' is not valid RE2 (${result.reason})`);
    return undefined;
  }
  return result.regex;
}

export function compileRegexRewrite(o: XdsObject | undefined, d: Diagnostics): RegexRewrite | undefined {
  const source = stringField(objectField(o, "pattern"), "regex");
  if (source === undefined) {
    d.error("regex_rewrite has no pattern");
    return undefined;
  }
  const result = compileRe2(source, "global");
  if (!result.ok) {
    d.error(`regex_rewrite '${source}' is not valid RE2 (${result.reason})`);
    return undefined;
  }
  return {
    source,
    regex: result.regex,
    substitution: translateSubstitution(stringField(o, "substitution") ?? ""),
  };
}

const STRING_KINDS = ["exact", "prefix", "suffix", "safe_regex", "contains", "custom"] as const;

export function compileStringMatcher(o: XdsObject | undefined, d: Diagnostics): StringMatch | undefined {
  const kind = oneofCase(o, "match_pattern", STRING_KINDS);
  const ignoreCase = boolField(o, "ignore_case");
  noteIgnoredFields(d, o, [...STRING_KINDS, "ignore_case", "match_pattern"]);
  switch (kind) {
    case "exact":
    case "prefix":
    case "suffix":
    case "contains": {
      const value = stringField(o, kind) ?? "";
      if (kind !== "exact" && value === "") {
        d.error(`string matcher ${kind} must not be empty`);
        return undefined;
      }
      return { kind, value: ignoreCase ? value.toLowerCase() : value, ignoreCase };
    }
    case "safe_regex": {
      const regexMatcher = objectField(o, "safe_regex");
      const regex = compileRegexMatcher(regexMatcher, d);
      return regex && { kind: "regex", source: stringField(regexMatcher, "regex") ?? "", regex };
    }
    case "custom":
      d.error("string matcher 'custom' extensions are not supported");
      return undefined;
    default:
      d.error("string matcher has no match_pattern");
      return undefined;
  }
}

const HEADER_KINDS = [
  "exact_match",
  "safe_regex_match",
  "range_match",
  "present_match",
  "prefix_match",
  "suffix_match",
  "contains_match",
  "string_match",
] as const;

export function compileHeaderMatcher(o: XdsObject, d: Diagnostics): HeaderMatch | undefined {
  const name = (stringField(o, "name") ?? "").toLowerCase();
  if (!HEADER_NAME.test(name)) {
    d.error(`header matcher name '${name}' is not a valid header name`);
    return undefined;
  }
  const hd = d.at(`header '${name}'`);
  const kind = oneofCase(o, "header_match_specifier", HEADER_KINDS);
  noteIgnoredFields(hd, o, [
    ...HEADER_KINDS,
    "name",
    "invert_match",
    "treat_missing_header_as_empty",
    "header_match_specifier",
  ]);
  const rule = compileHeaderRule(o, kind, hd);
  if (!rule) return undefined;
  return {
    name,
    rule,
    invert: boolField(o, "invert_match"),
    treatMissingAsEmpty: boolField(o, "treat_missing_header_as_empty"),
  };
}

function compileHeaderRule(
  o: XdsObject,
  kind: (typeof HEADER_KINDS)[number] | undefined,
  d: Diagnostics,
): HeaderRule | undefined {
  switch (kind) {
    case undefined:
      // Envoy: a matcher with no specifier matches when the header is present.
      return { kind: "present", present: true };
    case "present_match":
      return { kind: "present", present: field(o, "present_match") === true };
    case "exact_match": {
      const value = stringField(o, kind) ?? "";
      // Deprecated form: an empty exact_match matches any value of a present header.
      if (value === "") return { kind: "present", present: true };
      return { kind: "string", match: { kind: "exact", value, ignoreCase: false } };
    }
    case "prefix_match":
    case "suffix_match":
    case "contains_match": {
      const value = stringField(o, kind) ?? "";
      if (value === "") {
        d.error(`${kind} must not be empty`);
        return undefined;
      }
      const stringKind = kind === "prefix_match" ? "prefix" : kind === "suffix_match" ? "suffix" : "contains";
      return { kind: "string", match: { kind: stringKind, value, ignoreCase: false } };
    }
    case "safe_regex_match": {
      const regexMatcher = objectField(o, kind);
      const regex = compileRegexMatcher(regexMatcher, d);
      return (
        regex && {
          kind: "string",
          match: { kind: "regex", source: stringField(regexMatcher, "regex") ?? "", regex },
        }
      );
    }
    case "range_match": {
      const range = objectField(o, kind);
      const start = numberField(range, "start") ?? 0;
      const end = numberField(range, "end") ?? 0;
      if (end <= start) {
        d.error(`range_match [${start}, ${end}) is empty`);
        return undefined;
      }
      return { kind: "range", start, end };
    }
    case "string_match": {
      const match = compileStringMatcher(objectField(o, kind), d);
      return match && { kind: "string", match };
    }
  }
}

export function compileQueryMatcher(o: XdsObject, d: Diagnostics): QueryMatch | undefined {
  const name = stringField(o, "name") ?? "";
  if (name === "") {
    d.error("query parameter matcher has no name");
    return undefined;
  }
  const qd = d.at(`query '${name}'`);
  const kind = oneofCase(o, "query_parameter_match_specifier", ["string_match", "present_match"] as const);
  noteIgnoredFields(qd, o, ["name", "string_match", "present_match", "query_parameter_match_specifier"]);
  if (kind === "string_match") {
    const match = compileStringMatcher(objectField(o, kind), qd);
    return match && { name, rule: { kind: "string", match } };
  }
  if (kind === "present_match" && field(o, kind) === true) return { name, rule: { kind: "present" } };
  qd.error("needs string_match or present_match: true");
  return undefined;
}
