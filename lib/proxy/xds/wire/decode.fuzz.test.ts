import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { decodingSchema } from "../schema/source";
import { compileSchema } from "./compiled";
import { decodeMessage } from "./decode";
import { randomMessageBytes, seededRandom } from "./testing/random-wire";
import { type Outcome, outcome, protobufjsDecode, withExactAnyLookup } from "./testing/reference";
import { WireFormatError } from "./wire-error";

// Differential: random encodings of every message type in the sidecar's schema, decoded by protobufjs
// and by the wire decoder. Both must fail, or both succeed with deep-equal (strict) results.

const schema = decodingSchema();
const compiled = compileSchema(schema);
const SAMPLES_PER_TYPE = 25;

interface Mismatch {
  readonly type: string;
  readonly hex: string;
  readonly expected: string;
  readonly actual: string;
}

function compare(
  typeName: string,
  bytes: Uint8Array,
  tolerate?: (error: Error) => boolean,
): Mismatch | undefined {
  const type = compiled.messages.get(typeName);
  if (!type) throw new Error(`no ${typeName}`);
  const expected = outcome(() => protobufjsDecode(typeName, bytes));
  const actual = outcome(() => decodeMessage(compiled, type, Buffer.from(bytes)));
  if (agree(expected, actual)) return undefined;
  if (expected.ok && !actual.ok && tolerate?.(actual.error)) return undefined;
  return {
    type: typeName,
    hex: Buffer.from(bytes).toString("hex"),
    expected: summary(expected),
    actual: summary(actual),
  };
}

function agree(expected: Outcome, actual: Outcome): boolean {
  if (!expected.ok) return !actual.ok && actual.error instanceof WireFormatError;
  return actual.ok && isDeepStrictEqual(actual.value, expected.value);
}

function summary(result: Outcome): string {
  return result.ok ? JSON.stringify(result.value) : `throws ${result.error.message}`;
}

describe("the wire decoder against protobufjs, on random encodings", () => {
  it("gives exactly protobufjs's json toObject result for every message type in the schema", () => {
    const random = seededRandom(20_240_611);
    const mismatches: Mismatch[] = [];
    let decoded = 0;
    let failedBoth = 0;
    for (const typeName of Object.keys(schema.messages)) {
      for (let i = 0; i < SAMPLES_PER_TYPE; i++) {
        const bytes = randomMessageBytes(schema, typeName, random);
        const mismatch = compare(typeName, bytes);
        if (mismatch) mismatches.push(mismatch);
        else if (outcome(() => protobufjsDecode(typeName, bytes)).ok) decoded++;
        else failedBoth++;
      }
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
    // The generator must mostly produce decodable messages, or the comparison proves little.
    expect(decoded).toBeGreaterThan(failedBoth * 5);
  });

  it("fails exactly when protobufjs fails on truncated and corrupted encodings", () => {
    const random = seededRandom(7);
    const schemaTypes = new Set(Object.keys(schema.messages));
    const mismatches: Mismatch[] = [];
    // protobufjs skips over-long varints in fields it does not read; this decoder refuses them.
    const stricter = (error: Error) => /varint longer than 10 bytes/.test(error.message);
    const names = [
      "envoy.config.listener.v3.Listener",
      "envoy.config.cluster.v3.Cluster",
      "envoy.config.route.v3.RouteConfiguration",
      "envoy.config.endpoint.v3.ClusterLoadAssignment",
      "envoy.service.discovery.v3.DiscoveryResponse",
      "google.protobuf.Struct",
    ];
    for (const typeName of names) {
      for (let i = 0; i < 150; i++) {
        const bytes = Buffer.from(randomMessageBytes(schema, typeName, random, { invalidUtf8: 0 }));
        if (bytes.length === 0) continue;
        const truncated = bytes.subarray(0, Math.floor(random() * bytes.length));
        const corrupted = Buffer.from(bytes);
        for (let flips = 1 + Math.floor(random() * 3); flips > 0; flips--)
          corrupted[Math.floor(random() * corrupted.length)] = Math.floor(random() * 256);
        for (const input of [truncated, corrupted]) {
          // A flipped byte can turn a type URL into a partial name, which protobufjs resolves relatively.
          const mismatch = withExactAnyLookup(schemaTypes, () => compare(typeName, input, stricter));
          if (mismatch) mismatches.push(mismatch);
        }
      }
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
  });
});
