import type { Cursor } from "./cursor";
import { parseEscape } from "./escapes";

const POSIX_CLASSES = new Set([
  "alnum",
  "alpha",
  "ascii",
  "blank",
  "cntrl",
  "digit",
  "graph",
  "lower",
  "print",
  "punct",
  "space",
  "upper",
  "word",
  "xdigit",
]);
const POSIX = /^\[:(\^?)([a-z]+):\]/;

/** One element of a class: a single code point (can end a range) or a class such as \d or [:alpha:]. */
type ClassItem = { kind: "char"; code: number } | { kind: "class" };

/** Parses `[...]` with the cursor on the opening bracket; leaves the cursor after the closing one. */
export function parseCharClass(cursor: Cursor): void {
  const start = cursor.index;
  cursor.next();
  if (cursor.peek() === "^") cursor.next();
  let first = true;
  while (true) {
    if (cursor.done) cursor.fail("missing closing ] of character class", start);
    // "]" right after "[" or "[^" is a literal, as in RE2 and Perl.
    if (cursor.peek() === "]" && !first) {
      cursor.next();
      return;
    }
    first = false;
    const itemStart = cursor.index;
    const low = readItem(cursor, start);
    if (cursor.peek() === "-" && cursor.peek(1) !== "]" && cursor.peek(1) !== "") {
      cursor.next();
      const high = readItem(cursor, start);
      if (low.kind !== "char" || high.kind !== "char") {
        cursor.fail("invalid character class range: a class such as \\d cannot end a range", itemStart);
      }
      if (low.code > high.code) {
        cursor.fail(`invalid character class range ${cursor.text.slice(itemStart, cursor.index)}`, itemStart);
      }
    }
  }
}

function readItem(cursor: Cursor, classStart: number): ClassItem {
  if (cursor.done) cursor.fail("missing closing ] of character class", classStart);
  const posix = POSIX.exec(cursor.text.slice(cursor.index));
  if (posix) {
    if (!POSIX_CLASSES.has(posix[2] ?? "")) cursor.fail(`unknown POSIX class [:${posix[2]}:]`);
    cursor.index += posix[0].length;
    return { kind: "class" };
  }
  if (cursor.peek() === "\\") {
    if (cursor.peek(1) === "Q") cursor.fail("\\Q...\\E is not supported inside a character class");
    const parsed = parseEscape(cursor, true);
    return parsed.kind === "char" ? parsed : { kind: "class" };
  }
  const char = cursor.next();
  return { kind: "char", code: char.codePointAt(0) ?? 0 };
}
