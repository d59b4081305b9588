/**
 * Envoy regexes are RE2. JavaScript has no RE2 engine, so each pattern is checked for RE2 syntax and
 * translated to an equivalent RegExp: constructs RE2 rejects (lookaround, backreferences, possessive
 * quantifiers, repeats over 1000) are errors, RE2-only syntax is rewritten ((?P<name>...), \A, \z,
 * \Q...\E, \x{...}, POSIX classes, leading (?ims) flags). Inline flag groups such as (?i:...) are valid
 * RE2 but have no JavaScript equivalent in Node 20 and are reported as unsupported. Unlike RE2, V8
 * backtracks, so the length is bounded; patterns come from administrators, not requests.
 */
export type Re2Result = { ok: true; regex: RegExp } | { ok: false; reason: string };

const MAX_PATTERN_LENGTH = 4096;
const MAX_REPEAT = 1000;
const SYNTAX_CHARS = new Set("^$\\.*+?()[]{}|/".split(""));
const PASS_ESCAPES = new Set("dDsSwWbBfnrtv".split(""));
const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

class Re2Error extends Error {}

interface Translation {
  pattern: string;
  flags: string;
}

/**
 * Compiles an RE2 pattern. "full" anchors it to the whole input (Envoy's match semantics for paths,
 * headers and string matchers); "global" is for RegexMatchAndSubstitute (replace every match).
 */
export function compileRe2(source: string, mode: "full" | "global" = "full"): Re2Result {
  if (source.length === 0) return { ok: false, reason: "is empty" };
  if (source.length > MAX_PATTERN_LENGTH) {
    return { ok: false, reason: `is longer than ${MAX_PATTERN_LENGTH} characters` };
  }
  let translation: Translation;
  try {
    translation = translate(source);
  } catch (err) {
    if (err instanceof Re2Error) return { ok: false, reason: err.message };
    throw err;
  }
  const { pattern, flags } = translation;
  const multiline = flags.includes("m");
  const anchored = multiline ? `(?<![\\s\\S])(?:${pattern})(?![\\s\\S])` : `^(?:${pattern})$`;
  try {
    return mode === "full"
      ? { ok: true, regex: new RegExp(anchored, flags) }
      : { ok: true, regex: new RegExp(pattern, `${flags}g`) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, reason: message.slice(message.lastIndexOf(": ") + 2).toLowerCase() };
  }
}

/** RE2 substitutions name groups as \1; JavaScript as $1 (and a literal $ must be $$). */
export function translateSubstitution(substitution: string): string {
  return substitution.replace(/\$/g, "$$$$").replace(/\\(\d)/g, "$$$1");
}

function translate(source: string): Translation {
  let i = 0;
  let flags = "";
  let unicode = false;
  const lead = /^\(\?([a-zA-Z]+)\)/.exec(source);
  if (lead) {
    for (const flag of lead[1]!) {
      if (flag === "U") throw new Re2Error("the U (ungreedy) flag is not supported");
      if (!"ims".includes(flag)) throw new Re2Error(`unknown flag '${flag}'`);
      if (!flags.includes(flag)) flags += flag;
    }
    i = lead[0].length;
  }
  let out = "";
  let inClass = false;
  let classFirst = false;
  while (i < source.length) {
    const c = source[i]!;
    if (c === "\\") {
      const translated = translateEscape(source, i, inClass);
      out += translated.text;
      unicode ||= translated.unicode;
      i = translated.next;
      classFirst = false;
      continue;
    }
    if (inClass) {
      if (c === "[" && source[i + 1] === ":") {
        const end = source.indexOf(":]", i + 2);
        const name = end < 0 ? undefined : source.slice(i + 2, end);
        if (name !== undefined && /^\^?[a-z]+$/.test(name)) {
          if (name.startsWith("^")) throw new Re2Error(`negated POSIX class [:${name}:] is not supported`);
          const ranges = POSIX_CLASSES[name];
          if (ranges === undefined) throw new Re2Error(`invalid character class range [:${name}:]`);
          out += ranges;
          i = end + 2;
          classFirst = false;
          continue;
        }
      }
      if (c === "]" && !classFirst) inClass = false;
      out += (c === "]" && classFirst) || c === "[" ? `\\${c}` : c;
      classFirst = false;
      i += 1;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += "[";
      i += 1;
      if (source[i] === "^") {
        out += "^";
        i += 1;
      }
      classFirst = true;
      continue;
    }
    if (c === "(" && source[i + 1] === "?") {
      const group = translateGroup(source, i);
      out += group.text;
      i = group.next;
      continue;
    }
    if ("*+?".includes(c) && source[i + 1] === "+") {
      throw new Re2Error(`bad repetition operator: ${c}+`);
    }
    if (c === "{") {
      const repeat = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
      if (repeat) {
        const min = Number(repeat[1]);
        const max = repeat[3] ? Number(repeat[3]) : min;
        if (min > MAX_REPEAT || max > MAX_REPEAT) throw new Re2Error(`bad repetition operator: ${repeat[0]}`);
        if (repeat[3] && max < min) throw new Re2Error(`bad repetition operator: ${repeat[0]}`);
        if (source[i + repeat[0].length] === "+")
          throw new Re2Error(`bad repetition operator: ${repeat[0]}+`);
        out += repeat[0];
        i += repeat[0].length;
        continue;
      }
      out += "\\{";
      i += 1;
      continue;
    }
    out += c === "]" || c === "}" ? `\\${c}` : c;
    i += 1;
  }
  if (inClass) throw new Re2Error("missing closing ]");
  return { pattern: out, flags: unicode ? `${flags}u` : flags };
}

function translateGroup(source: string, i: number): { text: string; next: number } {
  const rest = source.slice(i + 2);
  if (rest.startsWith(":")) return { text: "(?:", next: i + 3 };
  if (rest.startsWith("=") || rest.startsWith("!")) throw new Re2Error("lookahead is not supported");
  if (rest.startsWith("<=") || rest.startsWith("<!")) throw new Re2Error("lookbehind is not supported");
  if (rest.startsWith("P=") || rest.startsWith("P>")) throw new Re2Error("backreferences are not supported");
  const named = /^P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
  if (named) return { text: `(?<${named[1]}>`, next: i + 2 + named[0].length };
  if (/^-?[imsU]+(-[imsU]*)?[:)]/.test(rest)) {
    throw new Re2Error("inline flags are only supported at the start of the pattern, as in (?i)");
  }
  throw new Re2Error(`invalid or unsupported group syntax '(?${rest.slice(0, 2)}'`);
}

function translateEscape(
  source: string,
  i: number,
  inClass: boolean,
): { text: string; next: number; unicode: boolean } {
  const c = source[i + 1];
  if (c === undefined) throw new Re2Error("trailing backslash at end of expression");
  const plain = (text: string, length = 2) => ({ text, next: i + length, unicode: false });
  if (/[0-7]/.test(c)) {
    const digits = /^[0-7]{1,3}/.exec(source.slice(i + 1))![0];
    if (c !== "0" && digits.length === 1) throw new Re2Error(`backreferences are not supported: \\${c}`);
    return plain(codeUnitEscape(Number.parseInt(digits, 8)), 1 + digits.length);
  }
  if (c === "8" || c === "9") throw new Re2Error(`backreferences are not supported: \\${c}`);
  if (PASS_ESCAPES.has(c)) return plain(`\\${c}`);
  if (c === "a") return plain("\\x07");
  if (c === "x") {
    const braced = /^x\{([0-9A-Fa-f]{1,6})\}/.exec(source.slice(i + 1));
    if (braced) {
      const code = Number.parseInt(braced[1]!, 16);
      if (code > 0x10ffff) throw new Re2Error(`invalid escape sequence \\x{${braced[1]}}`);
      const text = code > 0xffff ? `\\u{${code.toString(16)}}` : codeUnitEscape(code);
      return { text, next: i + 1 + braced[0].length, unicode: code > 0xffff };
    }
    const short = /^x[0-9A-Fa-f]{2}/.exec(source.slice(i + 1));
    if (short) return plain(`\\${short[0]}`, 1 + short[0].length);
    throw new Re2Error("invalid escape sequence \\x");
  }
  if (c === "p" || c === "P") return unicodeClass(source, i, c === "P");
  if (c === "A" || c === "z") {
    if (inClass) throw new Re2Error(`invalid escape \\${c} in a character class`);
    return plain(c === "A" ? "(?<![\\s\\S])" : "(?![\\s\\S])");
  }
  if (c === "Q") {
    const end = source.indexOf("\\E", i + 2);
    const literal = source.slice(i + 2, end < 0 ? undefined : end);
    const text = [...literal].map((ch) => (SYNTAX_CHARS.has(ch) || ch === "-" ? `\\${ch}` : ch)).join("");
    return { text, next: end < 0 ? source.length : end + 2, unicode: false };
  }
  if (/[A-Za-z0-9_]/.test(c)) throw new Re2Error(`invalid escape sequence \\${c}`);
  // RE2 lets any punctuation be escaped; keep the backslash only where JavaScript's u-mode accepts it.
  return plain(SYNTAX_CHARS.has(c) || (inClass && c === "-") ? `\\${c}` : c);
}

function unicodeClass(
  source: string,
  i: number,
  negated: boolean,
): { text: string; next: number; unicode: boolean } {
  const braced = /^\{(\^?)([A-Za-z_]+)\}/.exec(source.slice(i + 2));
  const name = braced ? braced[2]! : source[i + 2];
  if (name === undefined || !/^[A-Za-z_]+$/.test(name))
    throw new Re2Error("invalid character class range \\p");
  const negate = negated !== (braced?.[1] === "^");
  const property = name === "Any" ? undefined : name.length <= 2 ? name : `Script=${name}`;
  const text =
    property === undefined ? (negate ? "[^\\s\\S]" : "[\\s\\S]") : `\\${negate ? "P" : "p"}{${property}}`;
  return { text, next: i + 2 + (braced ? braced[0].length : 1), unicode: true };
}

function codeUnitEscape(code: number): string {
  return `\\u${code.toString(16).padStart(4, "0")}`;
}
