/** core.v3.HealthCheck.Payload → bytes: `text` holds them hex-encoded, `binary` as they are. */
import type { Diagnostics } from "./diagnostics";
import { noteIgnoredFields } from "./ignored-fields";
import { field, oneofCase, stringField, toBytes, type XdsObject } from "./xds-values";

/** A TCP check sends and expects small protocol greetings; anything larger is a configuration mistake. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;

export function parsePayload(o: XdsObject | undefined, d: Diagnostics): Uint8Array | undefined {
  noteIgnoredFields(d, o, ["text", "binary", "payload"]);
  const kind = oneofCase(o, "payload", ["text", "binary"] as const);
  let bytes: Uint8Array | undefined;
  if (kind === "text") {
    const text = stringField(o, "text") ?? "";
    if (!HEX.test(text)) {
      d.error(`text '${text.slice(0, 40)}' is not hex-encoded bytes (pairs of 0-9, a-f)`);
      return undefined;
    }
    bytes = Buffer.from(text, "hex");
  } else if (kind === "binary") {
    bytes = toBytes(field(o, "binary"));
    if (bytes === undefined || bytes.length === 0) {
      d.error("binary is empty");
      return undefined;
    }
  } else {
    d.error("has neither text nor binary");
    return undefined;
  }
  if (bytes.length > MAX_PAYLOAD_BYTES) {
    d.error(`is ${bytes.length} bytes, more than the ${MAX_PAYLOAD_BYTES} allowed`);
    return undefined;
  }
  return bytes;
}
