/** Header shapes for the HTTP helpers: lower-case names, repeated headers as arrays (like Node). */
import type { HeaderValue } from "../routing/request";

export type { HeaderValue } from "../routing/request";
export type ReadonlyHeaders = Readonly<Record<string, HeaderValue>>;
export type MutableHeaders = Record<string, string | string[]>;

/** RFC 9110 token characters, the only ones allowed in a field name. */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** A copy without undefined entries. */
export function copyHeaders(headers: ReadonlyHeaders): MutableHeaders {
  const out: MutableHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = typeof value === "string" ? value : [...value];
  }
  return out;
}

/** Comma-separated list elements of a header, trimmed, empty ones dropped. */
export function listValues(value: HeaderValue): string[] {
  if (value === undefined) return [];
  const joined = typeof value === "string" ? value : value.join(",");
  return joined
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
}
