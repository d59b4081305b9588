/**
 * A syntax checker for RE2, the regex dialect Envoy (and gRPC's xDS clients) accept in `safe_regex`.
 * No native re2 binding is available here, and JavaScript's RegExp accepts a different language
 * (lookaround, backreferences) while rejecting valid RE2 (`(?P<name>...)`, `\z`, `(?i)`), so we parse
 * the pattern ourselves and report the first problem with its offset.
 *
 * Not checked: whether a \p{Script} name exists, and Envoy's compiled program-size limit.
 */

import { parseCharClass } from "./charClass";
import { Cursor, Re2SyntaxError } from "./cursor";
import { parseEscape } from "./escapes";

export type Re2Check = { ok: true } | { ok: false; index: number; message: string };

/** RE2 refuses repetition counts above 1000, also when nested counts multiply past it. */
export const RE2_MAX_REPEAT = 1000;
export const RE2_MAX_PATTERN_LENGTH = 4096;

interface Frame {
  start: number;
  /** Largest product of counted repetitions inside this group. */
  innerRepeat: number;
}

interface State {
  stack: Frame[];
  names: Set<string>;
  /** Whether a repetition operator may follow (there is an atom to repeat). */
  canRepeat: boolean;
  /** The previous token was itself a repetition (so `a**` and `a{2}{3}` are errors). */
  afterRepeat: boolean;
  /** Counted-repetition product of the last atom (1 for a plain atom, more for a group). */
  lastAtomRepeat: number;
}

export function checkRe2(pattern: string): Re2Check {
  if (pattern.length > RE2_MAX_PATTERN_LENGTH) {
    return { ok: false, index: 0, message: `pattern is longer than ${RE2_MAX_PATTERN_LENGTH} characters` };
  }
  const cursor = new Cursor(pattern);
  const state: State = {
    stack: [{ start: 0, innerRepeat: 1 }],
    names: new Set(),
    canRepeat: false,
    afterRepeat: false,
    lastAtomRepeat: 1,
  };
  try {
    while (!cursor.done) step(cursor, state);
    if (state.stack.length > 1) {
      const open = state.stack[state.stack.length - 1];
      cursor.fail("missing closing )", open?.start ?? 0);
    }
    return { ok: true };
  } catch (error) {
    if (error instanceof Re2SyntaxError) return { ok: false, index: error.index, message: error.message };
    throw error;
  }
}

function atom(state: State, repeat = 1): void {
  state.canRepeat = true;
  state.afterRepeat = false;
  state.lastAtomRepeat = repeat;
}

function step(cursor: Cursor, state: State): void {
  const char = cursor.peek();
  if (char === "\\" && cursor.peek(1) === "Q") {
    quoted(cursor, state);
  } else if (char === "\\") {
    parseEscape(cursor, false);
    atom(state);
  } else if (char === "[") {
    parseCharClass(cursor);
    atom(state);
  } else if (char === "(") {
    openGroup(cursor, state);
  } else if (char === ")") {
    closeGroup(cursor, state);
  } else if (char === "|") {
    cursor.next();
    state.canRepeat = false;
    state.afterRepeat = false;
  } else if (char === "*" || char === "+" || char === "?") {
    repeat(cursor, state, cursor.index, 1);
  } else if (!(char === "{" && countedRepeat(cursor, state))) {
    // Anything else, including a brace that does not form {n}, {n,} or {n,m}, is a literal.
    cursor.next();
    atom(state);
  }
}

/** Handles {n}, {n,} or {n,m} at the cursor; false when the brace is a literal. */
function countedRepeat(cursor: Cursor, state: State): boolean {
  const counted = /^\{(\d+)(,(\d*))?\}/.exec(cursor.text.slice(cursor.index));
  if (!counted) return false;
  const min = Number(counted[1]);
  const max = counted[2] === undefined ? min : counted[3] === "" ? undefined : Number(counted[3]);
  const start = cursor.index;
  if (min > RE2_MAX_REPEAT || (max ?? 0) > RE2_MAX_REPEAT) {
    cursor.fail(`bad repetition operator ${counted[0]}: counts above ${RE2_MAX_REPEAT} are not allowed`);
  }
  if (max !== undefined && max < min) cursor.fail(`bad repetition operator ${counted[0]}: max < min`);
  cursor.index += counted[0].length - 1;
  repeat(cursor, state, start, Math.max(min, max ?? min, 1));
  return true;
}

function repeat(cursor: Cursor, state: State, start: number, count: number): void {
  const operator = cursor.text.slice(start, cursor.index + 1);
  if (!state.canRepeat) cursor.fail(`missing argument to repetition operator ${operator}`, start);
  if (state.afterRepeat) cursor.fail(`bad repetition operator: repeated repetition at ${operator}`, start);
  cursor.next();
  const product = count * state.lastAtomRepeat;
  if (count > 1 && product > RE2_MAX_REPEAT) {
    cursor.fail(`bad repetition operator: nested counts multiply beyond ${RE2_MAX_REPEAT}`, start);
  }
  const frame = state.stack[state.stack.length - 1];
  if (frame) frame.innerRepeat = Math.max(frame.innerRepeat, product);
  if (cursor.peek() === "?") cursor.next();
  else if (cursor.peek() === "+") {
    cursor.fail("possessive quantifiers (such as *+) are not supported by RE2", cursor.index);
  }
  state.afterRepeat = true;
}

function quoted(cursor: Cursor, state: State): void {
  cursor.index += 2;
  const end = cursor.text.indexOf("\\E", cursor.index);
  const literalEnd = end < 0 ? cursor.text.length : end;
  const hadText = literalEnd > cursor.index;
  cursor.index = end < 0 ? cursor.text.length : end + 2;
  if (hadText) atom(state);
}

const FLAGS = /^\(\?([imsU]*)(?:-([imsU]*))?([:)])/;
const NAMED = /^\(\?P?<([A-Za-z0-9_]+)>/;

// Group forms RE2 rejects, longest prefix first.
const UNSUPPORTED_GROUPS: [string, string][] = [
  ["(?<=", "lookbehind (?<=...) is not supported by RE2"],
  ["(?<!", "negative lookbehind (?<!...) is not supported by RE2"],
  ["(?=", "lookahead (?=...) is not supported by RE2"],
  ["(?!", "negative lookahead (?!...) is not supported by RE2"],
  ["(?>", "atomic groups (?>...) are not supported by RE2"],
  ["(?P=", "named backreferences (?P=name) are not supported by RE2"],
  ["(?P>", "recursion (?P>name) is not supported by RE2"],
  ["(?&", "subroutine calls (?&name) are not supported by RE2"],
  ["(?R", "recursion (?R) is not supported by RE2"],
  ["(?(", "conditionals (?(...)...) are not supported by RE2"],
  ["(?|", "branch reset groups (?|...) are not supported by RE2"],
  ["(?#", "comments (?#...) are not supported by RE2"],
];

function openGroup(cursor: Cursor, state: State): void {
  const start = cursor.index;
  if (cursor.peek(1) !== "?") {
    cursor.next();
    push(state, start);
    return;
  }
  const rest = cursor.text.slice(start);
  const named = NAMED.exec(rest);
  if (named) {
    const name = named[1] ?? "";
    if (state.names.has(name)) cursor.fail(`duplicate capture group name "${name}"`, start);
    state.names.add(name);
    cursor.index += named[0].length;
    push(state, start);
    return;
  }
  for (const [prefix, message] of UNSUPPORTED_GROUPS) {
    if (rest.startsWith(prefix)) cursor.fail(message, start);
  }
  if (/^\(\?[-+]?\d/.test(rest)) cursor.fail("recursion (?1) is not supported by RE2", start);
  const flags = FLAGS.exec(rest);
  if (!flags) {
    const flag = rest.charAt(2);
    const message = /[a-zA-Z]/.test(flag)
      ? `flag (?${flag}) is not supported by RE2`
      : "invalid group syntax (?";
    cursor.fail(message, start);
  }
  const [text, positive = "", negative, terminator] = flags;
  // "(?)", "(?-)" and "(?i-)" set nothing after their marker and are errors in RE2; "(?:" is a plain group.
  if (negative === "" || (positive === "" && negative === undefined && terminator === ")")) {
    cursor.fail("missing flags in (?...)", start);
  }
  cursor.index += text.length;
  if (terminator === ":") {
    push(state, start);
  } else {
    state.canRepeat = false;
    state.afterRepeat = false;
  }
}

function push(state: State, start: number): void {
  state.stack.push({ start, innerRepeat: 1 });
  state.canRepeat = false;
  state.afterRepeat = false;
}

function closeGroup(cursor: Cursor, state: State): void {
  if (state.stack.length <= 1) cursor.fail("unexpected ) without an opening (");
  const frame = state.stack.pop();
  cursor.next();
  const outer = state.stack[state.stack.length - 1];
  const inner = frame?.innerRepeat ?? 1;
  if (outer) outer.innerRepeat = Math.max(outer.innerRepeat, inner);
  atom(state, inner);
}
