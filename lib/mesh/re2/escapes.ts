import type { Cursor } from "./cursor";

/** What an escape stands for: one character (usable as a class range end), a class, or an assertion. */
export type Escape = { kind: "char"; code: number } | { kind: "class" } | { kind: "assertion" };

const CONTROL: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };
const PERL_CLASSES = new Set(["d", "D", "s", "S", "w", "W"]);
const ASSERTIONS = new Set(["b", "B", "A", "z"]);
const OCTAL = /[0-7]/;
const HEX = /^[0-9A-Fa-f]$/;
const UNICODE_CLASS_NAME = /^\^?[A-Za-z_]+$/;

// Perl/PCRE escapes RE2 rejects, with the reason operators most often need.
const UNSUPPORTED: Record<string, string> = {
  Z: "\\Z is not supported by RE2; use \\z (end of text) or $",
  G: "\\G (end of previous match) is not supported by RE2",
  K: "\\K (reset match start) is not supported by RE2",
  R: "\\R (any line break) is not supported by RE2",
  X: "\\X (extended grapheme) is not supported by RE2",
  k: "named backreferences (\\k<name>) are not supported by RE2",
  g: "backreferences (\\g) are not supported by RE2",
  h: "\\h is not supported by RE2; use [\\t ]",
  E: "\\E without a preceding \\Q",
  e: "\\e is not supported by RE2; use \\x1b",
};

/**
 * Parses the escape after a backslash (the cursor is on the backslash). \Q is handled by the caller.
 * Mirrors RE2's parser: single-digit escapes are backreferences (rejected), \0 and \1-\7 followed by an
 * octal digit are octal codes.
 */
export function parseEscape(cursor: Cursor, inClass: boolean): Escape {
  const start = cursor.index;
  cursor.next();
  if (cursor.done) cursor.fail("trailing backslash at end of pattern", start);
  const char = cursor.next();

  if (char >= "1" && char <= "9") {
    if (char <= "7" && OCTAL.test(cursor.peek())) return readOctal(cursor, char);
    cursor.fail(`backreferences (\\${char}) are not supported by RE2`, start);
  }
  if (char === "0") return readOctal(cursor, char);
  const control = CONTROL[char];
  if (control !== undefined) return { kind: "char", code: control };
  if (char === "x") return readHex(cursor, start);
  if (PERL_CLASSES.has(char)) return { kind: "class" };
  if (char === "p" || char === "P") return readUnicodeClass(cursor, start);
  if (ASSERTIONS.has(char) || char === "C") {
    if (inClass) cursor.fail(`\\${char} is not allowed inside a character class`, start);
    return char === "C" ? { kind: "class" } : { kind: "assertion" };
  }
  const unsupported = UNSUPPORTED[char];
  if (unsupported !== undefined) cursor.fail(unsupported, start);
  const code = char.codePointAt(0) ?? 0;
  // Escaped ASCII punctuation is a literal; escaped letters and non-ASCII are errors in RE2.
  if (code < 0x80 && !/[A-Za-z0-9]/.test(char)) return { kind: "char", code };
  return cursor.fail(`invalid escape sequence \\${char}`, start);
}

function readOctal(cursor: Cursor, first: string): Escape {
  let digits = first;
  while (digits.length < 3 && OCTAL.test(cursor.peek())) digits += cursor.next();
  return { kind: "char", code: Number.parseInt(digits, 8) };
}

function readHex(cursor: Cursor, start: number): Escape {
  if (cursor.peek() === "{") {
    cursor.next();
    let digits = "";
    while (HEX.test(cursor.peek())) digits += cursor.next();
    if (cursor.peek() !== "}" || digits.length === 0) cursor.fail("invalid escape sequence \\x{...}", start);
    cursor.next();
    const code = Number.parseInt(digits, 16);
    if (digits.length > 8 || code > 0x10ffff) cursor.fail("\\x{...} is beyond the Unicode range", start);
    return { kind: "char", code };
  }
  const digits = cursor.peek() + cursor.peek(1);
  if (!HEX.test(cursor.peek()) || !HEX.test(cursor.peek(1))) {
    cursor.fail("invalid escape sequence \\x (expected two hex digits or \\x{...})", start);
  }
  cursor.next();
  cursor.next();
  return { kind: "char", code: Number.parseInt(digits, 16) };
}

function readUnicodeClass(cursor: Cursor, start: number): Escape {
  if (cursor.peek() === "{") {
    const close = cursor.text.indexOf("}", cursor.index);
    const name = close < 0 ? "" : cursor.text.slice(cursor.index + 1, close);
    if (!UNICODE_CLASS_NAME.test(name)) cursor.fail("invalid Unicode class \\p{...}", start);
    cursor.index = close + 1;
    return { kind: "class" };
  }
  if (!/[A-Za-z]/.test(cursor.peek())) cursor.fail("invalid Unicode class \\p", start);
  cursor.next();
  return { kind: "class" };
}
