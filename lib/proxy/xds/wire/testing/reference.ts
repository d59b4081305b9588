/**
 * The reference the wire decoder must equal: protobufjs decoding with the control plane's Envoy protos
 * and converting with the options the sidecar used to use. Test support only.
 */
import { loadEnvoyProtos, TO_OBJECT_OPTIONS } from "../../../config/envoy-protos";

/** What protobufjs gives for `bytes` as message `typeName` (input as a Buffer, as the sidecar received it). */
export function protobufjsDecode(typeName: string, bytes: Uint8Array): Record<string, unknown> {
  const type = loadEnvoyProtos().lookupType(typeName);
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return type.toObject(type.decode(buffer), TO_OBJECT_OPTIONS);
}

export type Outcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: Error };

export function outcome(run: () => unknown): Outcome {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/**
 * Runs `run` with protobufjs resolving Any type URLs only by exact full name among `names`, the wire
 * decoder's documented difference: protobufjs also resolves partial names relative to
 * google.protobuf.Any ("type.googleapis.com/Cluster"), which corrupted input can produce.
 */
export function withExactAnyLookup<T>(names: ReadonlySet<string>, run: () => T): T {
  const root = loadEnvoyProtos();
  const anyType = root.lookupType("google.protobuf.Any");
  const original = anyType.lookup;
  anyType.lookup = function exactLookup(this: typeof anyType, path: string | string[]) {
    const name = Array.isArray(path) ? path.join(".") : path;
    if (name === "") return this;
    if (name === ".") return root;
    const full = name.replace(/^\./, "");
    return names.has(full) ? root.lookupType(full) : null;
  } as typeof original;
  try {
    return run();
  } finally {
    anyType.lookup = original;
  }
}
