/**
 * Readers for protobufjs `toObject` output. Tolerates every option combination an xDS client may use:
 * defaults on or off (null for unset messages), longs as number, string or Long, enums as name or number,
 * bytes as Buffer, Uint8Array, base64 or a JSON'd Buffer, wrappers as `{value}` or bare, Durations as
 * `{seconds, nanos}` or proto3 JSON strings ("1.5s").
 */
export type XdsObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is XdsObject {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

/** A field's value, with null (protobufjs' unset message under `defaults`) read as absent. */
export function field(o: XdsObject | undefined, key: string): unknown {
  const value = o?.[key];
  return value === null ? undefined : value;
}

export function objectField(o: XdsObject | undefined, key: string): XdsObject | undefined {
  const value = field(o, key);
  return isObject(value) ? value : undefined;
}

export function listField(o: XdsObject | undefined, key: string): readonly unknown[] {
  const value = field(o, key);
  return Array.isArray(value) ? value : [];
}

export function stringField(o: XdsObject | undefined, key: string): string | undefined {
  const value = field(o, key);
  return typeof value === "string" ? value : undefined;
}

/** A string field where "" (proto3's default) means unset. */
export function nonEmptyString(o: XdsObject | undefined, key: string): string | undefined {
  const value = stringField(o, key);
  return value === "" ? undefined : value;
}

export function stringList(o: XdsObject | undefined, key: string): string[] {
  return listField(o, key).filter((v): v is string => typeof v === "string");
}

/** A number from a number, a decimal string or a Long-like `{low, high}`. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  if (isObject(value) && typeof value.low === "number" && typeof value.high === "number") {
    const low = value.low >>> 0;
    const high = value.unsigned === true ? value.high >>> 0 : value.high | 0;
    return high * 0x1_0000_0000 + low;
  }
  return undefined;
}

export function numberField(o: XdsObject | undefined, key: string): number | undefined {
  return toNumber(field(o, key));
}

/**
 * A google.protobuf.*Value wrapper (`{value}`) or the bare value. A wrapper holding its type's default (0,
 * false) is an empty message on the wire, so it decodes to `{}`: that is `zero`, not "unset".
 */
export function wrapped(o: XdsObject | undefined, key: string, zero?: unknown): unknown {
  const value = field(o, key);
  return isObject(value) ? (field(value, "value") ?? zero) : value;
}

export function wrappedNumber(o: XdsObject | undefined, key: string): number | undefined {
  return toNumber(wrapped(o, key, 0));
}

export function wrappedBool(o: XdsObject | undefined, key: string): boolean | undefined {
  const value = wrapped(o, key, false);
  return typeof value === "boolean" ? value : undefined;
}

export function boolField(o: XdsObject | undefined, key: string): boolean {
  return field(o, key) === true;
}

export type DurationResult = { ok: true; ms: number } | { ok: false; reason: string } | undefined;

/** google.protobuf.Duration in milliseconds; undefined when unset. */
export function durationField(o: XdsObject | undefined, key: string): DurationResult {
  const value = field(o, key);
  if (value === undefined) return undefined;
  if (typeof value === "string") {
    const m = /^(-?\d+)(?:\.(\d{1,9}))?s$/.exec(value);
    if (!m) return { ok: false, reason: `'${value}' is not a duration` };
    const ms = Number(value.slice(0, -1)) * 1000;
    return ms < 0 ? { ok: false, reason: `${value} is negative` } : { ok: true, ms };
  }
  if (!isObject(value)) return { ok: false, reason: "is not a duration" };
  const seconds = toNumber(field(value, "seconds")) ?? 0;
  const nanos = toNumber(field(value, "nanos")) ?? 0;
  if (!Number.isInteger(seconds) || !Number.isInteger(nanos) || Math.abs(nanos) > 999_999_999) {
    return { ok: false, reason: `{seconds: ${seconds}, nanos: ${nanos}} is not a valid duration` };
  }
  if (seconds < 0 || nanos < 0) return { ok: false, reason: "is negative" };
  if (seconds > 315_576_000_000) return { ok: false, reason: "is out of range" };
  return { ok: true, ms: seconds * 1000 + nanos / 1e6 };
}

/** An enum as its name; numbers are mapped through `names` (index = enum number). */
export function enumField(
  o: XdsObject | undefined,
  key: string,
  names: readonly string[],
): string | undefined {
  const value = field(o, key);
  if (typeof value === "string") return value;
  if (typeof value === "number") return names[value] ?? String(value);
  return undefined;
}

/**
 * Which member of a oneof is set: protobufjs' virtual oneof field when `oneofs` was on, else the first
 * member present. Proto3 oneof members have presence, so "" counts as set.
 */
export function oneofCase<T extends string>(
  o: XdsObject | undefined,
  virtualName: string,
  members: readonly T[],
): T | undefined {
  const named = field(o, virtualName);
  if (typeof named === "string" && (members as readonly string[]).includes(named)) return named as T;
  return members.find((m) => field(o, m) !== undefined);
}

/**
 * The scalar a google.protobuf.Value holds (string, number or bool). protobufjs, and so the sidecar's wire
 * decoder, names Value's fields in camelCase (`stringValue`); JSON written by hand uses `string_value`.
 */
export function structScalar(value: unknown): string | number | boolean | undefined {
  if (!isObject(value)) return undefined;
  for (const key of [
    "string_value",
    "stringValue",
    "number_value",
    "numberValue",
    "bool_value",
    "boolValue",
  ]) {
    const scalar = value[key];
    if (typeof scalar === "string" || typeof scalar === "number" || typeof scalar === "boolean")
      return scalar;
  }
  return undefined;
}

export function toBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") return Buffer.from(value, "base64");
  if (Array.isArray(value) && value.every((v) => typeof v === "number")) return Uint8Array.from(value);
  if (isObject(value) && value.type === "Buffer" && Array.isArray(value.data)) return toBytes(value.data);
  return undefined;
}

/** True when a field holds something other than its proto3 default, for "ignored field" notes. */
export function isSet(value: unknown): boolean {
  if (
    value === undefined ||
    value === null ||
    value === "" ||
    value === false ||
    value === 0 ||
    value === "0"
  ) {
    return false;
  }
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) {
    if (typeof value.low === "number" && typeof value.high === "number") return toNumber(value) !== 0;
    return Object.keys(value).length > 0;
  }
  return true;
}
