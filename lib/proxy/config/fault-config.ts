/** extensions.filters.http.fault.v3.HTTPFault → FaultConfig. */
import type { Diagnostics } from "./diagnostics";
import type { FaultAbort, FaultConfig, FaultDelay } from "./filter-model";
import { noteIgnoredFields } from "./ignored-fields";
import { compileHeaderMatcher } from "./matchers";
import { parseFractionalPercent } from "./percent";
import type { HeaderMatch } from "./route-model";
import {
  durationField,
  field,
  isObject,
  listField,
  numberField,
  objectField,
  oneofCase,
  stringField,
  stringList,
  structScalar,
  toNumber,
  wrappedNumber,
  type XdsObject,
} from "./xds-values";

export const FAULT_TYPE = "envoy.extensions.filters.http.fault.v3.HTTPFault";

export function parseFault(o: XdsObject | undefined, d: Diagnostics): FaultConfig {
  noteIgnoredFields(d, o, [
    "delay",
    "abort",
    "headers",
    "upstream_cluster",
    "downstream_nodes",
    "max_active_faults",
    "filter_metadata",
  ]);
  const headers = listField(o, "headers")
    .filter(isObject)
    .map((h, i) => compileHeaderMatcher(h, d.at(`headers[${i}]`)))
    .filter((h): h is HeaderMatch => h !== undefined);
  const delay = parseDelay(objectField(o, "delay"), d.at("delay"));
  const abort = parseAbort(objectField(o, "abort"), d.at("abort"));
  const upstreamCluster = stringField(o, "upstream_cluster") ?? "";
  const maxActiveFaults = wrappedNumber(o, "max_active_faults");
  const expiresAtMs = parseExpiry(field(o, "filter_metadata"), d);
  return {
    ...(delay && { delay }),
    ...(abort && { abort }),
    headers,
    ...(upstreamCluster !== "" && { upstreamCluster }),
    downstreamNodes: stringList(o, "downstream_nodes"),
    ...(maxActiveFaults !== undefined && { maxActiveFaults }),
    ...(expiresAtMs !== undefined && { expiresAtMs }),
  };
}

function parseDelay(o: XdsObject | undefined, d: Diagnostics): FaultDelay | undefined {
  if (!o) return undefined;
  const percentage = parseFractionalPercent(field(o, "percentage"), d.at("percentage"));
  const kind = oneofCase(o, "fault_delay_secifier", ["fixed_delay", "header_delay"] as const);
  if (kind === "header_delay") return { source: "header", percentage };
  const duration = durationField(o, "fixed_delay");
  if (duration === undefined || (duration.ok && duration.ms <= 0)) {
    d.error("needs fixed_delay greater than 0 or header_delay");
    return undefined;
  }
  if (!duration.ok) {
    d.error(`fixed_delay ${duration.reason}`);
    return undefined;
  }
  return { source: "fixed", durationMs: duration.ms, percentage };
}

function parseAbort(o: XdsObject | undefined, d: Diagnostics): FaultAbort | undefined {
  if (!o) return undefined;
  const percentage = parseFractionalPercent(field(o, "percentage"), d.at("percentage"));
  const kind = oneofCase(o, "error_type", ["http_status", "grpc_status", "header_abort"] as const);
  if (kind === "header_abort") return { source: "header", percentage };
  if (kind === "grpc_status") {
    const grpcStatus = numberField(o, "grpc_status") ?? 0;
    if (!Number.isInteger(grpcStatus) || grpcStatus < 0 || grpcStatus > 16) {
      d.error(`grpc_status ${grpcStatus} is not a gRPC status code (0-16)`);
      return undefined;
    }
    return { source: "grpc", grpcStatus, percentage };
  }
  const httpStatus = numberField(o, "http_status");
  if (httpStatus === undefined || !Number.isInteger(httpStatus) || httpStatus < 200 || httpStatus >= 600) {
    d.error(`http_status ${httpStatus ?? "(unset)"} is not in [200, 600)`);
    return undefined;
  }
  return { source: "http", httpStatus, percentage };
}

/** filter_metadata.expires_at as an RFC 3339 string or epoch seconds; Struct in proto or JSON form. */
function parseExpiry(metadata: unknown, d: Diagnostics): number | undefined {
  if (!isObject(metadata)) return undefined;
  const fields = objectField(metadata, "fields");
  let value: unknown = fields ? field(fields, "expires_at") : field(metadata, "expires_at");
  if (fields) value = structScalar(value);
  if (value === undefined) return undefined;
  const ms =
    typeof value === "string" && !/^\d+(\.\d+)?$/.test(value)
      ? Date.parse(value)
      : (toNumber(value) ?? NaN) * 1000;
  if (Number.isNaN(ms)) {
    d.error(`filter_metadata expires_at '${String(value)}' is not an RFC 3339 time or epoch seconds`);
    return undefined;
  }
  return ms;
}
