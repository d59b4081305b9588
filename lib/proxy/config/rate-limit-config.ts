/** extensions.filters.http.local_ratelimit.v3.LocalRateLimit → LocalRateLimitConfig. */
import type { Diagnostics } from "./diagnostics";
import type { LocalRateLimitConfig, TokenBucketConfig } from "./filter-model";
import { parseHeaderMutation } from "./header-options";
import { noteIgnoredFields } from "./ignored-fields";
import { parseFractionalPercent } from "./percent";
import {
  durationField,
  enumField,
  field,
  numberField,
  objectField,
  stringField,
  wrappedNumber,
  type XdsObject,
} from "./xds-values";

export const LOCAL_RATE_LIMIT_TYPE = "envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit";

export function parseLocalRateLimit(o: XdsObject | undefined, d: Diagnostics): LocalRateLimitConfig {
  noteIgnoredFields(d, o, [
    "stat_prefix",
    "status",
    "token_bucket",
    "filter_enabled",
    "filter_enforced",
    "response_headers_to_add",
  ]);
  const statusCode = parseStatus(objectField(o, "status"), d);
  const bucket = objectField(o, "token_bucket");
  const tokenBucket = bucket ? parseTokenBucket(bucket, d.at("token_bucket")) : undefined;
  return {
    statPrefix: stringField(o, "stat_prefix") ?? "",
    status: statusCode,
    ...(tokenBucket && { tokenBucket }),
    filterEnabled: parseFractionalPercent(field(objectField(o, "filter_enabled"), "default_value"), d),
    filterEnforced: parseFractionalPercent(field(objectField(o, "filter_enforced"), "default_value"), d),
    responseHeaders: parseHeaderMutation(o, "response", d),
  };
}

export function parseTokenBucket(o: XdsObject, d: Diagnostics): TokenBucketConfig | undefined {
  const maxTokens = numberField(o, "max_tokens") ?? 0;
  const tokensPerFill = wrappedNumber(o, "tokens_per_fill") ?? 1;
  const interval = durationField(o, "fill_interval");
  if (!Number.isInteger(maxTokens) || maxTokens <= 0) {
    d.error(`max_tokens ${maxTokens} must be a positive integer`);
    return undefined;
  }
  if (!Number.isInteger(tokensPerFill) || tokensPerFill <= 0) {
    d.error(`tokens_per_fill ${tokensPerFill} must be a positive integer`);
    return undefined;
  }
  if (!interval?.ok || interval.ms <= 0) {
    d.error(`fill_interval ${interval && !interval.ok ? interval.reason : "must be greater than 0"}`);
    return undefined;
  }
  return { maxTokens, tokensPerFill, fillIntervalMs: interval.ms };
}

function parseStatus(o: XdsObject | undefined, d: Diagnostics): number {
  if (!o) return 429;
  const code = numberField(o, "code") ?? codeFromName(enumField(o, "code", []));
  if (code === undefined || code < 200 || code >= 600) {
    d.error(`status ${code ?? "(unset)"} is not an HTTP status`);
    return 429;
  }
  return code;
}

// type.v3.StatusCode enum names are e.g. "TooManyRequests"; only the common ones are needed here.
function codeFromName(name: string | undefined): number | undefined {
  const byName: Readonly<Record<string, number>> = {
    TooManyRequests: 429,
    ServiceUnavailable: 503,
    Forbidden: 403,
    BadRequest: 400,
    InternalServerError: 500,
  };
  return name === undefined ? undefined : byName[name];
}
