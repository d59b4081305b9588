// Text that ingest stores must be storable: PostgreSQL text and JSONB refuse NUL characters and lone UTF-16
// surrogates, and one such value would fail a whole bulk write. Every decoded string passes through here.

const REPLACEMENT = "\uFFFD";
// Any surrogate; whether it is paired is checked only when one is present, which is rare.
const SURROGATE = /[\uD800-\uDFFF]/;

/** Replaces NUL and unpaired surrogates with U+FFFD; returns the same string when it is already clean. */
export function sanitizeText(text: string): string {
  if (text.indexOf("\u0000") === -1 && !SURROGATE.test(text)) return text;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0) {
      out += REPLACEMENT;
    } else if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text[i]! + text[i + 1]!;
        i++;
      } else {
        out += REPLACEMENT;
      }
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      out += REPLACEMENT;
    } else {
      out += text[i]!;
    }
  }
  return out;
}

/** Appended to a value that ingest cut, saying how much was dropped. */
export function truncationMark(droppedBytes: number): string {
  return `…[truncated ${droppedBytes} bytes]`;
}

/** Cuts a string to at most `maxBytes` of UTF-8 (on a character boundary) and marks it; for OTLP/JSON input. */
export function limitText(text: string, maxBytes: number): string {
  // A UTF-16 unit is at most 3 UTF-8 bytes, so short strings need no measuring.
  if (text.length * 3 <= maxBytes) return sanitizeText(text);
  const encoded = Buffer.from(text, "utf8");
  if (encoded.length <= maxBytes) return sanitizeText(text);
  let cut = maxBytes;
  while (cut > 0 && (encoded[cut]! & 0xc0) === 0x80) cut--;
  return sanitizeText(encoded.toString("utf8", 0, cut)) + truncationMark(encoded.length - cut);
}

/** For text decoded from UTF-8 bytes, which cannot hold unpaired surrogates: only NUL needs replacing. */
export function withoutNul(text: string): string {
  return text.indexOf("\u0000") === -1 ? text : text.replaceAll("\u0000", REPLACEMENT);
}
