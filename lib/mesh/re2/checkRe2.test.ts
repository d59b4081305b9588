import { describe, expect, it } from "vitest";
import { checkRe2 } from "./checkRe2";

describe("checkRe2 accepts what RE2 accepts", () => {
  it.each([
    "^/api/v[0-9]+/users$",
    "a|b|c",
    "(?i)hello",
    "(?i:hello)world",
    "(?s-m:a.b)",
    "(?U)a+b",
    "(?P<id>[0-9]+)",
    "(?<id>[0-9]+)",
    "(?:ab)+?",
    "a{2}",
    "a{2,}",
    "a{2,5}?",
    "a{1000}",
    "x{",
    "x{a}",
    "{}",
    "\\d+\\s*\\w\\D\\S\\W",
    "\\bword\\B",
    "\\Astart.*end\\z",
    "\\x41\\x{1F600}",
    "\\pL\\p{Greek}\\P{Lu}\\p{^Han}",
    "[a-z0-9_.-]+",
    "[]a]",
    "[^]a]",
    "[[:alpha:][:^digit:]]",
    "[\\d\\-x]",
    "[a\\]]",
    "\\Q*.+?\\E",
    "\\Qopen ended",
    "\\012\\0",
    "\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\\\/\\-",
    "^*",
    "",
    "é+ü",
    "\\C",
  ])("%j", (pattern) => {
    expect(checkRe2(pattern)).toEqual({ ok: true });
  });
});

describe("checkRe2 rejects what RE2 rejects, with the offset", () => {
  it.each([
    ["foo(?=bar)", 3, "lookahead (?=...) is not supported by RE2"],
    ["foo(?!bar)", 3, "negative lookahead (?!...) is not supported by RE2"],
    ["(?<=a)b", 0, "lookbehind (?<=...) is not supported by RE2"],
    ["(?<!a)b", 0, "negative lookbehind (?<!...) is not supported by RE2"],
    ["(a)\\1", 3, "backreferences (\\1) are not supported by RE2"],
    ["(a)\\9", 3, "backreferences (\\9) are not supported by RE2"],
    ["(?P<x>a)(?P=x)", 8, "named backreferences (?P=name) are not supported by RE2"],
    ["(?<x>a)\\k<x>", 7, "named backreferences (\\k<name>) are not supported by RE2"],
    ["(?>abc)", 0, "atomic groups (?>...) are not supported by RE2"],
    ["a*+", 2, "possessive quantifiers (such as *+) are not supported by RE2"],
    ["a++", 2, "possessive quantifiers (such as *+) are not supported by RE2"],
    ["a{2}+", 4, "possessive quantifiers (such as *+) are not supported by RE2"],
    ["end\\Z", 3, "\\Z is not supported by RE2; use \\z (end of text) or $"],
    ["\\Gx", 0, "\\G (end of previous match) is not supported by RE2"],
    ["(?R)", 0, "recursion (?R) is not supported by RE2"],
    ["(a(?1))", 2, "recursion (?1) is not supported by RE2"],
    ["(?(1)a|b)", 0, "conditionals (?(...)...) are not supported by RE2"],
    ["(?#note)a", 0, "comments (?#...) are not supported by RE2"],
    ["(?x)a b", 0, "flag (?x) is not supported by RE2"],
    ["(?)", 0, "missing flags in (?...)"],
    ["(?i-)", 0, "missing flags in (?...)"],
    ["(abc", 0, "missing closing )"],
    ["a(b(c)", 1, "missing closing )"],
    ["abc)", 3, "unexpected ) without an opening ("],
    ["[abc", 0, "missing closing ] of character class"],
    ["[]", 0, "missing closing ] of character class"],
    ["[z-a]", 1, "invalid character class range z-a"],
    ["[\\d-z]", 1, "invalid character class range: a class such as \\d cannot end a range"],
    ["[[:foo:]]", 1, "unknown POSIX class [:foo:]"],
    ["*a", 0, "missing argument to repetition operator *"],
    ["a|*", 2, "missing argument to repetition operator *"],
    ["(*)", 1, "missing argument to repetition operator *"],
    ["a**", 2, "bad repetition operator: repeated repetition at *"],
    ["a{2}{3}", 4, "bad repetition operator: repeated repetition at {3}"],
    ["a{1001}", 1, "bad repetition operator {1001}: counts above 1000 are not allowed"],
    ["a{5,2}", 1, "bad repetition operator {5,2}: max < min"],
    ["(a{100}){100}", 8, "bad repetition operator: nested counts multiply beyond 1000"],
    ["abc\\", 3, "trailing backslash at end of pattern"],
    ["\\xZZ", 0, "invalid escape sequence \\x (expected two hex digits or \\x{...})"],
    ["\\x{110000}", 0, "\\x{...} is beyond the Unicode range"],
    ["\\p{}", 0, "invalid Unicode class \\p{...}"],
    ["\\y", 0, "invalid escape sequence \\y"],
    ["[\\b]", 1, "\\b is not allowed inside a character class"],
    ["(?P<n>a)(?P<n>b)", 8, 'duplicate capture group name "n"'],
    ["\\E", 0, "\\E without a preceding \\Q"],
  ])("%j", (pattern, index, message) => {
    expect(checkRe2(pattern)).toEqual({ ok: false, index, message });
  });

  it("bounds the pattern length", () => {
    expect(checkRe2("a".repeat(5000))).toMatchObject({ ok: false, index: 0 });
  });
});
