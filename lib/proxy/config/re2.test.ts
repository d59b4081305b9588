import { describe, expect, it } from "vitest";
import { compileRe2, translateSubstitution } from "./re2";

function matches(pattern: string, input: string): boolean {
  const result = compileRe2(pattern);
  if (!result.ok) throw new Error(result.reason);
  return result.regex.test(input);
}

function reason(pattern: string): string {
  const result = compileRe2(pattern);
  return result.ok ? "ok" : result.reason;
}

describe("compileRe2", () => {
  it("matches the whole input, like Envoy's safe_regex", () => {
    expect(matches("/api/v[12]/.*", "/api/v1/users")).toBe(true);
    expect(matches("/api/v[12]", "/api/v1/users")).toBe(false);
    expect(matches("a|ab", "ab")).toBe(true);
    expect(matches("b", "abc")).toBe(false);
  });

  it("rejects constructs RE2 does not support", () => {
    expect(reason("(?<=a)b")).toBe("lookbehind is not supported");
    expect(reason("(?<!a)b")).toBe("lookbehind is not supported");
    expect(reason("a(?=b)")).toBe("lookahead is not supported");
    expect(reason("a(?!b)")).toBe("lookahead is not supported");
    expect(reason("(a)\\1")).toBe("backreferences are not supported: \\1");
    expect(reason("(?P<x>a)(?P=x)")).toBe("backreferences are not supported");
    expect(reason("a++")).toBe("bad repetition operator: ++");
    expect(reason("a{1001}")).toBe("bad repetition operator: {1001}");
    expect(reason("a{3,2}")).toBe("bad repetition operator: {3,2}");
    expect(reason("\\Z")).toBe("invalid escape sequence \\Z");
    expect(reason("(?U)a*")).toBe("the U (ungreedy) flag is not supported");
    expect(reason("[abc")).toBe("missing closing ]");
    expect(reason("(ab")).toBe("unterminated group");
    expect(reason("")).toBe("is empty");
  });

  it("translates RE2-only syntax", () => {
    expect(matches("(?P<v>v\\d+)/x", "v12/x")).toBe(true);
    expect(matches("(?i)/API", "/api")).toBe(true);
    expect(matches("\\Aabc\\z", "abc")).toBe(true);
    expect(matches("\\Q.*+\\E", ".*+")).toBe(true);
    expect(matches("\\Q.*+\\E", "abc")).toBe(false);
    expect(matches("[[:digit:]]+", "123")).toBe(true);
    expect(matches("[[:alpha:]_]+", "ab_c")).toBe(true);
    expect(matches("\\x{41}\\x42", "AB")).toBe(true);
    expect(matches("\\x{1F600}", "😀")).toBe(true);
    expect(matches("\\pL+", "héllo")).toBe(true);
    expect(matches("\\p{Greek}+", "αβγ")).toBe(true);
    expect(matches("[]a]+", "]a]")).toBe(true);
    expect(matches("a{,2}", "a{,2}")).toBe(true);
    expect(matches("\\101", "A")).toBe(true);
  });

  it("keeps (?m) semantics while still requiring a full match", () => {
    expect(matches("(?m)^a$", "a")).toBe(true);
    expect(matches("(?m)^a$", "a\nb")).toBe(false);
  });

  it("reports inline flag groups as unsupported", () => {
    expect(reason("a(?i:b)")).toBe("inline flags are only supported at the start of the pattern, as in (?i)");
  });

  it("compiles global patterns for substitution", () => {
    const result = compileRe2("^/service/([^/]+)(/.*)$", "global");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const substitution = translateSubstitution("\\2/instance/\\1");
    expect("/service/foo/v1/api".replace(result.regex, substitution)).toBe("/v1/api/instance/foo");
    expect("a-b-c".replace(/-/g, translateSubstitution("$"))).toBe("a$b$c");
  });

  it("bounds pattern length", () => {
    expect(reason("a".repeat(5000))).toBe("is longer than 4096 characters");
  });
});
