// OTLP/JSON field readers: the proto3 JSON mapping with OTLP's changes (hex ids, integer enums,
// lowerCamelCase keys). 64-bit integers may be decimal strings or numbers; doubles may also be the strings
// "NaN", "Infinity" and "-Infinity". A value of the wrong JSON type makes the whole body undecodable.

import type { IngestLimits } from "../../limits";
import type { Attributes, AttributeValue } from "../../rows";
import { setAttribute, TOO_DEEP_MARK } from "../attributes";
import { DecodeError } from "../decode-error";
import { limitText } from "../text";

export type JsonObject = { readonly [key: string]: unknown };

const INTEGER_TEXT = /^-?\d{1,20}$/;

/** Parses a request body given as text, bytes or an already parsed value. */
export function parseJsonBody(input: string | Uint8Array | unknown): JsonObject {
  let value: unknown = input;
  if (typeof input === "string" || input instanceof Uint8Array) {
    const text =
      typeof input === "string"
        ? input
        : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString("utf8");
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new DecodeError(`invalid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return objectOf(value, "request");
}

export function objectOf(value: unknown, name: string): JsonObject {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new DecodeError(`${name} must be an object`);
  return value as JsonObject;
}

export function arrayOf(value: unknown, name: string): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new DecodeError(`${name} must be an array`);
  return value;
}

export function stringOf(value: unknown, name: string, maxBytes: number): string {
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") throw new DecodeError(`${name} must be a string`);
  return limitText(value, maxBytes);
}

/** Unix nanoseconds (fixed64): a decimal string or an integer number; absent is 0. */
export function nanosOf(value: unknown, name: string): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value === "string" && INTEGER_TEXT.test(value)) return BigInt(value);
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  throw new DecodeError(`${name} must be an integer (number or decimal string)`);
}

/** A 32- or 64-bit integer as a number (counts, enums, scale); 64-bit ones are exact below 2^53. */
export function integerOf(value: unknown, name: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && INTEGER_TEXT.test(value)) return Number(value);
  throw new DecodeError(`${name} must be an integer`);
}

/** An enum: OTLP/JSON requires integers; the proto3 names are accepted too, as lenience. */
export function enumOf(value: unknown, name: string, names: Readonly<Record<string, number>>): number {
  if (typeof value === "string" && !INTEGER_TEXT.test(value)) {
    const known = names[value];
    if (known === undefined) throw new DecodeError(`${name} has unknown value ${JSON.stringify(value)}`);
    return known;
  }
  return integerOf(value, name);
}

export function doubleOf(value: unknown, name: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === "number") return value;
  if (typeof value === "string") {
    if (value === "NaN") return Number.NaN;
    if (value === "Infinity") return Number.POSITIVE_INFINITY;
    if (value === "-Infinity") return Number.NEGATIVE_INFINITY;
    const parsed = Number(value);
    if (value.trim() !== "" && !Number.isNaN(parsed)) return parsed;
  }
  throw new DecodeError(`${name} must be a number`);
}

export function optionalDoubleOf(value: unknown, name: string): number | null {
  return value === undefined || value === null ? null : doubleOf(value, name);
}

export function booleanOf(value: unknown, name: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== "boolean") throw new DecodeError(`${name} must be a boolean`);
  return value;
}

/**
 * Reads a KeyValue list into `target`, keeping at most `maxAttributes` entries.
 * Returns how many entries it dropped over the limit.
 */
export function readJsonAttributes(
  list: unknown,
  name: string,
  target: Attributes,
  limits: Readonly<IngestLimits>,
): number {
  const entries = arrayOf(list, name);
  const keep = Math.min(entries.length, limits.maxAttributes);
  for (let i = 0; i < keep; i++) readJsonKeyValue(entries[i], target, limits, 0, name, i);
  return entries.length - keep;
}

function readJsonKeyValue(
  entry: unknown,
  target: Attributes,
  limits: Readonly<IngestLimits>,
  depth: number,
  name: string,
  index: number,
): void {
  const keyValue = objectOf(entry, `${name}[${index}]`);
  const key = stringOf(keyValue.key, `${name}[${index}].key`, limits.maxStringBytes);
  setAttribute(target, key, anyValueOf(keyValue.value, limits, depth));
}

function anyValueOf(input: unknown, limits: Readonly<IngestLimits>, depth: number): AttributeValue {
  const value = objectOf(input, "value");
  if (value.stringValue !== undefined)
    return stringOf(value.stringValue, "stringValue", limits.maxStringBytes);
  if (value.boolValue !== undefined) return booleanOf(value.boolValue, "boolValue");
  if (value.intValue !== undefined) return int64ValueOf(value.intValue);
  if (value.doubleValue !== undefined) return doubleOf(value.doubleValue, "doubleValue");
  if (value.bytesValue !== undefined) return stringOf(value.bytesValue, "bytesValue", limits.maxStringBytes);
  if (value.arrayValue !== undefined) {
    if (depth >= limits.maxValueDepth) return TOO_DEEP_MARK;
    const values = arrayOf(objectOf(value.arrayValue, "arrayValue").values, "arrayValue.values");
    const keep = Math.min(values.length, limits.maxArrayLength);
    const out: AttributeValue[] = new Array<AttributeValue>(keep);
    for (let i = 0; i < keep; i++) out[i] = anyValueOf(values[i], limits, depth + 1);
    return out;
  }
  if (value.kvlistValue !== undefined) {
    if (depth >= limits.maxValueDepth) return TOO_DEEP_MARK;
    const entries = arrayOf(objectOf(value.kvlistValue, "kvlistValue").values, "kvlistValue.values");
    const keep = Math.min(entries.length, limits.maxArrayLength);
    const out: Attributes = {};
    for (let i = 0; i < keep; i++)
      readJsonKeyValue(entries[i], out, limits, depth + 1, "kvlistValue.values", i);
    return out;
  }
  return null;
}

/** An int64 attribute value: a number when exact, otherwise the decimal string. */
function int64ValueOf(value: unknown): number | string {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && INTEGER_TEXT.test(value)) {
    const parsed = Number(value);
    if (Number.isSafeInteger(parsed)) return parsed;
    return BigInt.asIntN(64, BigInt(value)).toString();
  }
  throw new DecodeError("intValue must be an integer");
}
