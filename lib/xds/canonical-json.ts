// A canonical JSON text for resource objects: object keys sorted at every depth, so two objects with the
// same content give the same text (and, once encoded, the same bytes, because protobuf map entries are
// written in key insertion order). The text parses back into something protobufjs `fromObject` accepts:
// bytes become base64 strings and bigints decimal strings, both of which `fromObject` reads.

export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalValue(value, 0));
}

const MAX_DEPTH = 200;

function canonicalValue(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new Error("resource object is nested too deeply");
  if (value === null || typeof value !== "object") {
    return typeof value === "bigint" ? value.toString() : value;
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.map((item) => canonicalValue(item, depth + 1));
  const record = value as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item !== undefined) sorted[key] = canonicalValue(item, depth + 1);
  }
  return sorted;
}
