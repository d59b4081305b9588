/** route.v3.RetryPolicy → RetryPolicy (Envoy defaults: 1 retry, 25 ms base back-off, max 10× base). */
import type { Diagnostics } from "./diagnostics";
import { readDurationMs } from "./duration";
import { noteIgnoredFields } from "./ignored-fields";
import { compileHeaderMatcher } from "./matchers";
import type { HeaderMatch, RetryOn, RetryPolicy } from "./route-model";
import {
  isObject,
  listField,
  numberField,
  objectField,
  stringField,
  toNumber,
  wrappedNumber,
  type XdsObject,
} from "./xds-values";

/** The retry_on conditions on HTTP outcomes the router honours (x-envoy-retry-on takes the same). */
export const HTTP_RETRY_ON: ReadonlySet<string> = new Set<RetryOn>([
  "5xx",
  "gateway-error",
  "connect-failure",
  "reset",
  "retriable-4xx",
  "refused-stream",
  "retriable-status-codes",
]);
/** The gRPC status conditions (x-envoy-retry-grpc-on takes the same). */
export const GRPC_RETRY_ON: ReadonlySet<string> = new Set<RetryOn>([
  "cancelled",
  "deadline-exceeded",
  "internal",
  "resource-exhausted",
  "unavailable",
]);
const RETRY_ON: ReadonlySet<string> = new Set([...HTTP_RETRY_ON, ...GRPC_RETRY_ON]);

const DEFAULT_BASE_MS = 25;
const MAX_RETRIES = 100;

export function parseRetryPolicy(o: XdsObject, d: Diagnostics): RetryPolicy | undefined {
  noteIgnoredFields(d, o, [
    "retry_on",
    "num_retries",
    "per_try_timeout",
    "per_try_idle_timeout",
    "retriable_status_codes",
    "retry_back_off",
    "retriable_headers",
    "retry_host_predicate",
    "host_selection_retry_max_attempts",
  ]);
  const errorsBefore = d.errorCount;
  const retryOn = new Set<RetryOn>();
  for (const raw of (stringField(o, "retry_on") ?? "").split(",")) {
    const condition = raw.trim();
    if (condition === "") continue;
    if (RETRY_ON.has(condition)) retryOn.add(condition as RetryOn);
    else d.note(`retry_on condition '${condition}' is not supported and was ignored`);
  }
  const numRetries = wrappedNumber(o, "num_retries") ?? 1;
  if (!Number.isInteger(numRetries) || numRetries < 0 || numRetries > MAX_RETRIES) {
    d.error(`num_retries ${numRetries} must be an integer in [0, ${MAX_RETRIES}]`);
  }
  const perTry = readDurationMs(o, "per_try_timeout", d);
  const perTryIdle = readDurationMs(o, "per_try_idle_timeout", d);
  const retriableStatusCodes: number[] = [];
  for (const value of listField(o, "retriable_status_codes")) {
    const code = toNumber(value);
    if (code === undefined || !Number.isInteger(code) || code < 100 || code > 599) {
      d.error(`retriable_status_codes entry ${String(value)} is not an HTTP status`);
    } else retriableStatusCodes.push(code);
  }
  const backoff = parseBackoff(objectField(o, "retry_back_off"), d.at("retry_back_off"));
  const retriableHeaders = listField(o, "retriable_headers")
    .filter(isObject)
    .map((h, i) => compileHeaderMatcher(h, d.at(`retriable_headers[${i}]`)))
    .filter((h): h is HeaderMatch => h !== undefined);
  const avoidPreviousHosts = parseHostPredicates(o, d);
  // An int64, so 0 is "unset": Envoy then re-picks once.
  const attempts = Math.max(1, numberField(o, "host_selection_retry_max_attempts") ?? 1);
  if (!Number.isInteger(attempts) || attempts > MAX_RETRIES)
    d.error(`host_selection_retry_max_attempts ${attempts} must be an integer in [0, ${MAX_RETRIES}]`);
  if (d.errorCount > errorsBefore) return undefined;
  return {
    ...(avoidPreviousHosts && { avoidPreviousHosts, hostSelectionAttempts: attempts }),
    retryOn,
    numRetries,
    perTryTimeoutMs: perTry ?? 0,
    perTryIdleTimeoutMs: perTryIdle ?? 0,
    retriableStatusCodes,
    backoff,
    retriableHeaders,
  };
}

const PREVIOUS_HOSTS = "envoy.retry_host_predicates.previous_hosts";
const PREVIOUS_HOSTS_TYPE = "envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate";

/** Whether retry_host_predicate asks for previous_hosts; other predicates are noted and ignored. */
function parseHostPredicates(o: XdsObject, d: Diagnostics): boolean {
  let previousHosts = false;
  listField(o, "retry_host_predicate").forEach((value, i) => {
    const predicate = isObject(value) ? value : undefined;
    const typed = objectField(predicate, "typed_config");
    const typeUrl = stringField(typed, "@type") ?? stringField(typed, "type_url") ?? "";
    const name = stringField(predicate, "name") ?? "";
    if (typeUrl.endsWith(PREVIOUS_HOSTS_TYPE) || (typeUrl === "" && name === PREVIOUS_HOSTS))
      previousHosts = true;
    else d.note(`retry_host_predicate[${i}] '${name || typeUrl}' is not supported and was ignored`);
  });
  return previousHosts;
}

function parseBackoff(o: XdsObject | undefined, d: Diagnostics): RetryPolicy["backoff"] {
  const base = readDurationMs(o, "base_interval", d) ?? DEFAULT_BASE_MS;
  const max = readDurationMs(o, "max_interval", d) ?? base * 10;
  if (o && base <= 0) d.error("base_interval must be greater than 0");
  if (max < base) d.error(`max_interval ${max} ms is below base_interval ${base} ms`);
  return { baseMs: base, maxMs: max };
}
