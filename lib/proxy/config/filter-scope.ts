import type { Diagnostics } from "./diagnostics";
import type { AnyDecoder } from "./envoy-protos";
import { parsePerFilterConfig } from "./filter-config";
import { parseHeaderMutation } from "./header-options";
import type { HeaderMutation, PerFilterConfig } from "./route-model";
import type { XdsObject } from "./xds-values";

/** What every routing scope (route config, virtual host, route, weighted cluster) may carry. */
export interface FilterScope {
  readonly requestHeaders: HeaderMutation;
  readonly responseHeaders: HeaderMutation;
  readonly perFilterConfig: PerFilterConfig;
}

export function parseFilterScope(o: XdsObject, decode: AnyDecoder, d: Diagnostics): FilterScope {
  return {
    requestHeaders: parseHeaderMutation(o, "request", d),
    responseHeaders: parseHeaderMutation(o, "response", d),
    perFilterConfig: parsePerFilterConfig(o, decode, d),
  };
}
