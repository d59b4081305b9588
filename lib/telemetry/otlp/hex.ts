// Trace and span ids: bytes to lowercase hex through a lookup table (protobuf), and validation of hex text
// (JSON). Ids are on the hot path: two or three per span.

const HEX_DIGIT_CODES = new Uint8Array(16);
for (let i = 0; i < 16; i++) HEX_DIGIT_CODES[i] = "0123456789abcdef".charCodeAt(i);

const HIGH_DIGIT = new Uint8Array(256);
const LOW_DIGIT = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  HIGH_DIGIT[i] = HEX_DIGIT_CODES[i >> 4]!;
  LOW_DIGIT[i] = HEX_DIGIT_CODES[i & 15]!;
}

// Reused for the common id sizes so that converting an id allocates only the resulting string.
const codes16: number[] = new Array<number>(16).fill(0);
const codes32: number[] = new Array<number>(32).fill(0);

export function bytesToHex(bytes: Uint8Array, start: number, end: number): string {
  const length = (end - start) * 2;
  const codes = length === 32 ? codes32 : length === 16 ? codes16 : new Array<number>(length);
  for (let i = start, j = 0; i < end; i++) {
    const byte = bytes[i]!;
    codes[j++] = HIGH_DIGIT[byte]!;
    codes[j++] = LOW_DIGIT[byte]!;
  }
  return String.fromCharCode.apply(null, codes);
}

export function isAllZero(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** Checks a hex id from OTLP/JSON; returns it in lowercase, or null when it is not a valid non-zero id. */
export function normalizeHexId(text: string, hexLength: number): string | null {
  if (text.length !== hexLength) return null;
  let zero = true;
  let upper = false;
  for (let i = 0; i < hexLength; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (c !== 48) zero = false;
    } else if (c >= 97 && c <= 102) {
      zero = false;
    } else if (c >= 65 && c <= 70) {
      zero = false;
      upper = true;
    } else {
      return null;
    }
  }
  if (zero) return null;
  return upper ? text.toLowerCase() : text;
}

/** Why normalizeHexId refused an id; only called on the rejection path. */
export function describeHexIdProblem(text: string, hexLength: number): string {
  if (text.length !== hexLength) return `must be ${hexLength} hex characters, got ${text.length}`;
  if (/^0+$/.test(text)) return "must not be all zero";
  return "must be hexadecimal";
}
