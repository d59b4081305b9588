/**
 * The x-envoy-* request headers Envoy's router takes from internal requests (here: the local application's
 * calls on the outbound listener), as pure decisions: x-envoy-upstream-rq-timeout-ms replaces the route
 * timeout (and a grpc-timeout the route would honour), x-envoy-upstream-rq-per-try-timeout-ms sets the
 * per-try timeout (ignored unless below the route timeout), x-envoy-retry-on and x-envoy-retry-grpc-on add
 * retry conditions to the route's policy (one retry when the route has none), x-envoy-max-retries sets the
 * number of retries, x-envoy-retriable-status-codes adds codes, x-envoy-retriable-header-names adds response
 * headers that call for a retry (with the retriable-headers condition), and
 * x-envoy-upstream-rq-timeout-alt-response turns the timeout's 504 into a 204. The router consumes them: none
 * is forwarded upstream.
 */
import type { HttpFilter } from "../config/model";
import { GRPC_RETRY_ON, HTTP_RETRY_ON } from "../config/retry-config";
import type { HeaderMatch, RetryOn, RetryPolicy } from "../config/route-model";
import { timerLimitMs } from "../resilience/stream-timeout";
import type { HeaderValue } from "./request";

export const CONSUMED_ROUTER_HEADERS = [
  "x-envoy-retry-on",
  "x-envoy-retry-grpc-on",
  "x-envoy-max-retries",
  "x-envoy-retriable-status-codes",
  "x-envoy-retriable-header-names",
  "x-envoy-upstream-rq-timeout-ms",
  "x-envoy-upstream-rq-per-try-timeout-ms",
  "x-envoy-upstream-rq-timeout-alt-response",
  "x-envoy-hedge-on-per-try-timeout",
] as const;

export interface RouterHeaderOverrides {
  readonly retry: RetryPolicy | undefined;
  /** Replaces the route timeout; 0 means none. Absent: the route's stands. */
  readonly timeoutMs?: number;
  /** The status a route timeout answers with: 504, or 204 when the request asked for the alternative. */
  readonly timeoutStatus: 504 | 204;
}

const HTTP_CONDITIONS = HTTP_RETRY_ON;
const GRPC_CONDITIONS = GRPC_RETRY_ON;
/** What a policy made from headers alone starts from (Envoy's back-off defaults, nothing to retry yet). */
const NO_RETRY: RetryPolicy = {
  retryOn: new Set(),
  numRetries: 0,
  perTryTimeoutMs: 0,
  perTryIdleTimeoutMs: 0,
  retriableStatusCodes: [],
  backoff: { baseMs: 25, maxMs: 250 },
  retriableHeaders: [],
};
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]{1,256}$/;
/** Envoy takes any uint32; more than this many retries is a typo, not a policy. */
const MAX_HEADER_RETRIES = 100;
const INTEGER = /^\d{1,10}$/;

/** Removes the consumed headers from an outgoing copy (only called when the request had some). */
export function consumeRouterHeaders(headers: Record<string, unknown>): void {
  for (const name of CONSUMED_ROUTER_HEADERS) delete headers[name];
}

/** True when the request carries any header the router consumes (the common case is none: no work). */
export function hasRouterHeaders(headers: Readonly<Record<string, HeaderValue>>): boolean {
  for (const name of CONSUMED_ROUTER_HEADERS) if (headers[name] !== undefined) return true;
  return false;
}

/**
 * What the headers change for a route with `routeRetry`. Malformed values are ignored, as Envoy ignores
 * them; the per-try timeout is checked against the route timeout in force by `perTryWithin`.
 */
export function routerHeaderOverrides(
  headers: Readonly<Record<string, HeaderValue>>,
  routeRetry: RetryPolicy | undefined,
): RouterHeaderOverrides {
  const headerTimeout = integerHeader(headers["x-envoy-upstream-rq-timeout-ms"]);
  const retryOn = list(headers["x-envoy-retry-on"]).map((c) => c.toLowerCase());
  const added = [
    ...retryOn.filter((c) => HTTP_CONDITIONS.has(c)),
    ...list(headers["x-envoy-retry-grpc-on"])
      .map((c) => c.toLowerCase())
      .filter((c) => GRPC_CONDITIONS.has(c)),
  ] as RetryOn[];
  // The names count when retriable-headers is on: asked for here, or a route retrying on headers already.
  const wantsHeaders =
    retryOn.includes("retriable-headers") || (routeRetry?.retriableHeaders.length ?? 0) > 0;
  const matchers = wantsHeaders ? presentMatchers(headers["x-envoy-retriable-header-names"]) : [];
  let retry = routeRetry;
  if (added.length > 0 || matchers.length > 0) {
    const base = routeRetry ?? { ...NO_RETRY, numRetries: 1 };
    retry = {
      ...base,
      retryOn: new Set([...base.retryOn, ...added]),
      retriableHeaders: [...base.retriableHeaders, ...matchers],
    };
  }
  const maxRetries = integerHeader(headers["x-envoy-max-retries"]);
  if (retry && retries(retry) && maxRetries !== undefined)
    retry = { ...retry, numRetries: Math.min(maxRetries, MAX_HEADER_RETRIES) };
  const codes = statusCodes(headers["x-envoy-retriable-status-codes"]);
  if (retry && codes.length > 0)
    retry = { ...retry, retriableStatusCodes: [...new Set([...retry.retriableStatusCodes, ...codes])] };
  const perTry = integerHeader(headers["x-envoy-upstream-rq-per-try-timeout-ms"]);
  // Longer than a Node.js timer can wait is no limit (the timer would fire after 1 ms).
  if (perTry !== undefined) retry = { ...(retry ?? NO_RETRY), perTryTimeoutMs: timerLimitMs(perTry) };
  return {
    retry,
    ...(headerTimeout !== undefined && { timeoutMs: headerTimeout }),
    timeoutStatus: headers["x-envoy-upstream-rq-timeout-alt-response"] !== undefined ? 204 : 504,
  };
}

/** A per-try timeout no shorter than the route timeout in force is none (Envoy drops it). */
export function perTryWithin(
  retry: RetryPolicy | undefined,
  routeTimeoutMs: number,
): RetryPolicy | undefined {
  if (!retry || routeTimeoutMs <= 0 || retry.perTryTimeoutMs < routeTimeoutMs) return retry;
  return { ...retry, perTryTimeoutMs: 0 };
}

/** Whether the policy can retry at all (worth keeping the request body for a replay). */
export function retries(retry: RetryPolicy | undefined): boolean {
  return (
    retry !== undefined &&
    retry.numRetries > 0 &&
    (retry.retryOn.size > 0 || retry.retriableHeaders.length > 0)
  );
}

/** Whether the router adds x-envoy-* headers (its suppress_envoy_headers is off; no listener: Envoy's default). */
export function routerAddsEnvoyHeaders(filters: readonly HttpFilter[] | undefined): boolean {
  const router = filters?.at(-1);
  return !(router?.kind === "router" && router.suppressEnvoyHeaders);
}

/**
 * x-envoy-expected-rq-timeout-ms for an attempt: the per-try timeout, capped by what is left of the route
 * timeout; undefined when neither limits it. At least 1 once the route's time is nearly spent.
 */
export function expectedTimeoutMs(
  routeLeftMs: number | undefined,
  perTryTimeoutMs: number,
): number | undefined {
  const perTry = perTryTimeoutMs > 0 ? perTryTimeoutMs : Number.POSITIVE_INFINITY;
  const expected = Math.min(perTry, routeLeftMs ?? Number.POSITIVE_INFINITY);
  return expected === Number.POSITIVE_INFINITY ? undefined : Math.max(1, Math.floor(expected));
}

function single(value: HeaderValue): string | undefined {
  return typeof value === "string" ? value : value?.[0];
}

function integerHeader(value: HeaderValue): number | undefined {
  const text = single(value)?.trim();
  return text !== undefined && INTEGER.test(text) ? Number(text) : undefined;
}

/** A comma-separated header value as its trimmed, non-empty items. */
function list(value: HeaderValue): string[] {
  const text = single(value);
  if (text === undefined) return [];
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** "X-Upstream-Retry,X-Try-Again" → a response carrying either header is retried. */
function presentMatchers(value: HeaderValue): HeaderMatch[] {
  return list(value)
    .map((name) => name.toLowerCase())
    .filter((name) => HEADER_NAME.test(name))
    .map((name) => ({
      name,
      rule: { kind: "present", present: true },
      invert: false,
      treatMissingAsEmpty: false,
    }));
}

function statusCodes(value: HeaderValue): number[] {
  return list(value)
    .filter((c) => /^\d{3}$/.test(c))
    .map(Number)
    .filter((code) => code >= 100 && code <= 599);
}
