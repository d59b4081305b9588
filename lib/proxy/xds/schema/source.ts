/**
 * Where the sidecar gets its decoding schema. Under tsx (tests, in-process proxies) it is derived from the
 * control plane's protobufjs root on first use. The sidecar's esbuild bundle never contains this file:
 * bin/proxy-bundle.mjs replaces the whole module with one exporting the same function over the schema it
 * computed at build time, so the bundled sidecar does not load protobufjs at all. Keep the export list in
 * step with the replacement written there.
 */
import { ENVOY_PROTO_FILES, envoyProtoRoot } from "@/lib/xds/protos";
import { deriveDecodingSchema } from "./derive";
import { sidecarRootTypes } from "./roots";
import type { DecodingSchema } from "./schema";

let derived: DecodingSchema | undefined;

export function decodingSchema(): DecodingSchema {
  if (!derived) {
    const root = envoyProtoRoot();
    derived = deriveDecodingSchema(root, sidecarRootTypes(root, ENVOY_PROTO_FILES));
  }
  return derived;
}
