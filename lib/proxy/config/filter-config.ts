/** Typed filter configuration found in typed_per_filter_config maps, by the type it carries. */
import { type UnpackedAny, unpackAny } from "./any";
import type { Diagnostics } from "./diagnostics";
import type { AnyDecoder } from "./envoy-protos";
import { FAULT_TYPE, parseFault } from "./fault-config";
import { LOCAL_RATE_LIMIT_TYPE, parseLocalRateLimit } from "./rate-limit-config";
import type { FilterOverride, PerFilterConfig } from "./route-model";
import { boolField, field, isObject, objectField, type XdsObject } from "./xds-values";

const FILTER_CONFIG_TYPE = "envoy.config.route.v3.FilterConfig";
const EMPTY: PerFilterConfig = new Map();

/** Parses a typed_per_filter_config map (filter name → Any). */
export function parsePerFilterConfig(
  o: XdsObject | undefined,
  decode: AnyDecoder,
  d: Diagnostics,
): PerFilterConfig {
  const map = objectField(o, "typed_per_filter_config");
  if (!map || Object.keys(map).length === 0) return EMPTY;
  const result = new Map<string, FilterOverride>();
  for (const [name, value] of Object.entries(map)) {
    const fd = d.at(`typed_per_filter_config '${name}'`);
    const any = unpackAny(value, decode, fd);
    if (!any) continue;
    const override = parseOverride(any, decode, fd);
    if (override) result.set(name, override);
  }
  return result;
}

function parseOverride(any: UnpackedAny, decode: AnyDecoder, d: Diagnostics): FilterOverride | undefined {
  if (any.typeName === FILTER_CONFIG_TYPE) {
    // route.v3.FilterConfig wraps the real config and can disable the filter for this scope.
    if (boolField(any.message, "disabled")) return { kind: "disabled" };
    const inner = field(any.message, "config");
    if (!isObject(inner)) return undefined;
    const unpacked = unpackAny(inner, decode, d);
    return unpacked && parseOverride(unpacked, decode, d);
  }
  if (any.message === undefined) {
    d.note(`type ${any.typeName} is unknown and was ignored`);
    return { kind: "unsupported", typeUrl: any.typeUrl };
  }
  if (any.typeName === FAULT_TYPE) return { kind: "fault", fault: parseFault(any.message, d) };
  if (any.typeName === LOCAL_RATE_LIMIT_TYPE) {
    return { kind: "local_rate_limit", rateLimit: parseLocalRateLimit(any.message, d) };
  }
  d.note(`filter type ${any.typeName} is not supported and was ignored`);
  return { kind: "unsupported", typeUrl: any.typeUrl };
}
