/**
 * Test support: loads the Envoy v3 protos shipped in @grpc/grpc-js-xds (never copied into the repo) with
 * protobufjs, keepCase, so the translator's plain objects can be encoded exactly as the xDS server will.
 * It shares the server's loader; the helpers here prove every produced resource encodes and round-trips.
 */
import type protobuf from "protobufjs";
import { envoyProtoRoot } from "../protos";

/** The same protobufjs root the xDS server encodes with (lib/xds/protos.ts). */
export function loadEnvoyRoot(): protobuf.Root {
  return envoyProtoRoot();
}

/** Conversion used to read decoded messages back: names for enums, numbers for 64-bit ints, Any expanded. */
const TO_OBJECT: protobuf.IConversionOptions = { enums: String, longs: Number, defaults: true, json: true };

/**
 * fromObject → encode → decode → toObject. Throws if protobufjs rejects the object. The result contains
 * every field (defaults included), so callers can check that nothing they set was dropped.
 */
export function roundTrip(messageName: string, object: object): Record<string, unknown> {
  const type = loadEnvoyRoot().lookupType(messageName);
  const bytes = type.encode(type.fromObject(object)).finish();
  return type.toObject(type.decode(bytes), TO_OBJECT);
}

/**
 * Paths of values in `sent` that are missing or different in `received` (a decoded message with
 * defaults). A typo in a field name or a wrong nesting shows up here, because protobufjs's fromObject
 * silently drops unknown fields.
 */
export function lostFields(sent: unknown, received: unknown, at = ""): string[] {
  if (Array.isArray(sent)) {
    if (!Array.isArray(received) || received.length !== sent.length) return [at];
    return sent.flatMap((item, index) => lostFields(item, received[index], `${at}[${index}]`));
  }
  if (sent !== null && typeof sent === "object") {
    if (received === null || typeof received !== "object") return [at];
    return Object.entries(sent).flatMap(([key, value]) =>
      lostFields(value, (received as Record<string, unknown>)[key], at === "" ? key : `${at}.${key}`),
    );
  }
  return sent === received ? [] : [at];
}
