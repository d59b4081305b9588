/**
 * DiscoveryResponse from its bytes, by the schema decoder with Anys left as `{ type_url, value }`: each
 * resource is hashed and decoded on its own by the session (resource-state.ts).
 */
import type { DiscoveryResponse } from "@/lib/xds/messages";
import type { AnyMessage } from "@/lib/xds/protos";
import { DISCOVERY_RESPONSE_TYPE } from "../schema/schema";
import type { CompiledSchema } from "./compiled";
import { decodeMessage } from "./decode";

const NO_BYTES = new Uint8Array();

export function discoveryResponseDecoder(schema: CompiledSchema): (bytes: Uint8Array) => DiscoveryResponse {
  const type = schema.messages.get(DISCOVERY_RESPONSE_TYPE);
  if (!type) throw new Error(`the decoding schema has no ${DISCOVERY_RESPONSE_TYPE}`);
  return (bytes) => {
    const decoded = decodeMessage(schema, type, bytes, { expandAny: false });
    const resources = Array.isArray(decoded.resources) ? decoded.resources : [];
    return {
      version_info: text(decoded.version_info),
      resources: resources.map(
        (any: Record<string, unknown>): AnyMessage => ({
          type_url: text(any.type_url),
          value: any.value instanceof Uint8Array ? any.value : NO_BYTES,
        }),
      ),
      type_url: text(decoded.type_url),
      nonce: text(decoded.nonce),
    };
  };
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}
