/**
 * `x-request-id`, as Envoy's connection manager keeps it: a request that arrives without one gets a fresh
 * UUID at the first sidecar it passes, and every later hop keeps it, so an application's logs can follow a
 * request through the mesh even when it is not traced.
 */
import { uuidV4Generator } from "../util/uuid";
import type { MutableHeaders } from "./headers";

export const REQUEST_ID_HEADER = "x-request-id";

const nextUuid = uuidV4Generator();

/** Sets a request id on the outgoing headers unless the request carries a usable one. */
export function ensureRequestId(headers: MutableHeaders): void {
  const current = headers[REQUEST_ID_HEADER];
  if (typeof current === "string" && current.length > 0 && current.length <= 128) return;
  headers[REQUEST_ID_HEADER] = nextUuid();
}
