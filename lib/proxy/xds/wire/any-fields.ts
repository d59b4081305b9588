/**
 * google.protobuf.Any's own two fields, read as protobufjs reads them, and the search for Anys whose
 * payload failed to decode that are still part of a decoded result.
 */
import { type WireReader, WireType } from "./reader";
import type { WireFormatError } from "./wire-error";

type Target = Record<string, unknown>;

/** Reads an Any's type_url and value into `fields` (as `{ type_url, value }`, empty ones absent). */
export function readAnyFields(reader: WireReader, end: number, fields: Target): Target {
  const outer = reader.limit;
  reader.limit = end;
  while (reader.pos < end) {
    const tag = reader.tag();
    const number = tag >>> 3;
    const wireType = tag & 7;
    if (wireType === WireType.Len && (number === 1 || number === 2)) {
      const name = number === 1 ? "type_url" : "value";
      const value = number === 1 ? reader.string() : reader.bytes();
      if (value.length > 0) fields[name] = value;
      else delete fields[name];
    } else reader.skip(wireType, number);
  }
  reader.limit = outer;
  return fields;
}

/** The first stand-in of a failed Any still reachable from `node`, with its path. */
export function findFailedAny(
  node: unknown,
  failures: ReadonlyMap<object, WireFormatError>,
  path: string[],
): { error: WireFormatError; path: string[] } | undefined {
  if (typeof node !== "object" || node === null || node instanceof Uint8Array) return undefined;
  const error = failures.get(node);
  if (error) return { error, path };
  const entries: [string, unknown][] = Array.isArray(node)
    ? node.map((item, index) => [`[${index}]`, item])
    : Object.entries(node);
  for (const [key, child] of entries) {
    const found = findFailedAny(child, failures, [...path, key]);
    if (found) return found;
  }
  return undefined;
}
