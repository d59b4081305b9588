/**
 * The proxy's compiled routing model: what RouteConfiguration, VirtualHost and Route become after
 * validation. Regexes are compiled and case-insensitive strings lower-cased once here, so the request path
 * never parses configuration. Durations are milliseconds; header names are lower case.
 */
import type { FaultConfig, LocalRateLimitConfig } from "./filter-model";

export type Denominator = 100 | 10_000 | 1_000_000;

/** envoy.type.v3.FractionalPercent: numerator / denominator (numerator above it means 100%). */
export interface FractionalPercent {
  readonly numerator: number;
  readonly denominator: Denominator;
}

/** A compiled envoy.type.matcher.v3.StringMatcher. For ignoreCase, `value` is already lower case. */
export type StringMatch =
  | {
      readonly kind: "exact" | "prefix" | "suffix" | "contains";
      readonly value: string;
      readonly ignoreCase: boolean;
    }
  | { readonly kind: "regex"; readonly source: string; readonly regex: RegExp };

export type HeaderRule =
  | { readonly kind: "string"; readonly match: StringMatch }
  | { readonly kind: "present"; readonly present: boolean }
  /** int64 range, start inclusive, end exclusive. */
  | { readonly kind: "range"; readonly start: number; readonly end: number };

/** route.v3.HeaderMatcher. Pseudo-headers `:method`, `:authority`, `:path`, `:scheme` are allowed. */
export interface HeaderMatch {
  readonly name: string;
  readonly rule: HeaderRule;
  readonly invert: boolean;
  readonly treatMissingAsEmpty: boolean;
}

export interface QueryMatch {
  readonly name: string;
  readonly rule: { readonly kind: "string"; readonly match: StringMatch } | { readonly kind: "present" };
}

export type PathMatch =
  | {
      readonly kind: "prefix" | "exact" | "separated_prefix";
      readonly value: string;
      readonly ignoreCase: boolean;
    }
  | { readonly kind: "regex"; readonly source: string; readonly regex: RegExp };

export interface RouteMatch {
  readonly path: PathMatch;
  readonly headers: readonly HeaderMatch[];
  readonly query: readonly QueryMatch[];
  /** Only requests whose content-type starts with application/grpc. */
  readonly grpcOnly: boolean;
  /** Route matches only this fraction of requests (runtime_fraction's default value). */
  readonly fraction?: FractionalPercent;
}

export type HeaderAppendAction =
  | "append_if_exists_or_add"
  | "add_if_absent"
  | "overwrite_if_exists_or_add"
  | "overwrite_if_exists";

export interface HeaderToAdd {
  readonly name: string;
  readonly value: string;
  readonly action: HeaderAppendAction;
  readonly keepEmptyValue: boolean;
}

export interface HeaderMutation {
  readonly add: readonly HeaderToAdd[];
  readonly remove: readonly string[];
}

export const EMPTY_HEADER_MUTATION: HeaderMutation = Object.freeze({ add: [], remove: [] });

export type RetryOn =
  | "5xx"
  | "gateway-error"
  | "connect-failure"
  | "reset"
  | "retriable-4xx"
  | "refused-stream"
  | "retriable-status-codes"
  | "cancelled"
  | "deadline-exceeded"
  | "internal"
  | "resource-exhausted"
  | "unavailable";

export interface RetryBackoff {
  readonly baseMs: number;
  readonly maxMs: number;
}

export interface RetryPolicy {
  readonly retryOn: ReadonlySet<RetryOn>;
  readonly numRetries: number;
  /** 0 means no per-try timeout (the route timeout still applies). */
  readonly perTryTimeoutMs: number;
  readonly perTryIdleTimeoutMs: number;
  readonly retriableStatusCodes: readonly number[];
  readonly backoff: RetryBackoff;
  readonly retriableHeaders: readonly HeaderMatch[];
  /**
   * retry_host_predicate previous_hosts: a retry avoids every host already tried, re-picking up to
   * `hostSelectionAttempts` times (host_selection_retry_max_attempts, default 1). Without it a retry only
   * prefers a host other than the last one.
   */
  readonly avoidPreviousHosts?: boolean;
  readonly hostSelectionAttempts?: number;
}

export type HashPolicy = (
  | { readonly kind: "header"; readonly name: string; readonly rewrite?: RegexRewrite }
  | { readonly kind: "cookie"; readonly name: string }
  | { readonly kind: "source_ip" }
  | { readonly kind: "query_parameter"; readonly name: string }
) & { readonly terminal: boolean };

/** RegexMatchAndSubstitute, compiled for String.replace (global, substitution in JS `$n` syntax). */
export interface RegexRewrite {
  readonly source: string;
  readonly regex: RegExp;
  readonly substitution: string;
}

export interface MirrorPolicy {
  readonly cluster: string;
  readonly fraction: FractionalPercent;
}

export type HostRewrite =
  | { readonly kind: "literal"; readonly value: string }
  | { readonly kind: "auto" }
  | { readonly kind: "header"; readonly name: string };

export interface WeightedClusterEntry {
  readonly name: string;
  readonly weight: number;
  readonly requestHeaders: HeaderMutation;
  readonly responseHeaders: HeaderMutation;
  readonly perFilterConfig: PerFilterConfig;
  readonly hostRewrite?: HostRewrite;
}

export type ClusterSpecifier =
  | { readonly kind: "cluster"; readonly name: string }
  | { readonly kind: "header"; readonly header: string }
  | {
      readonly kind: "weighted";
      readonly clusters: readonly WeightedClusterEntry[];
      readonly totalWeight: number;
      /** Take the random value from this request header when it holds an integer (sticky splits). */
      readonly randomValueHeader?: string;
    };

export interface ForwardAction {
  readonly kind: "forward";
  readonly cluster: ClusterSpecifier;
  /** Whole-request timeout; 0 disables it. Envoy's default is 15 s. */
  readonly timeoutMs: number;
  readonly idleTimeoutMs?: number;
  readonly retry?: RetryPolicy;
  readonly hashPolicies: readonly HashPolicy[];
  readonly mirrors: readonly MirrorPolicy[];
  readonly prefixRewrite?: string;
  readonly regexRewrite?: RegexRewrite;
  readonly hostRewrite?: HostRewrite;
  /** Status when the chosen cluster does not exist. */
  readonly clusterNotFoundStatus: 503 | 404 | 500;
  /** Upgrade types (lower case, e.g. "websocket") enabled or disabled on this route. */
  readonly upgrades: ReadonlyMap<string, boolean>;
  /**
   * RouteAction.max_stream_duration: a cap on the whole stream from its start, beside the route timeout
   * (0 disables it). See lib/proxy/resilience/stream-timeout.ts for how the three fields combine.
   */
  readonly maxStreamDurationMs?: number;
  /** When set, a request's grpc-timeout replaces the route timeout, capped at this (0 = no cap). */
  readonly grpcTimeoutHeaderMaxMs?: number;
  /** Subtracted from the grpc-timeout value (a result of 0 or less has expired at once). */
  readonly grpcTimeoutHeaderOffsetMs?: number;
}

export interface RedirectAction {
  readonly kind: "redirect";
  readonly status: 301 | 302 | 303 | 307 | 308;
  readonly scheme?: string;
  readonly host?: string;
  readonly port?: number;
  readonly path?: string;
  readonly prefixRewrite?: string;
  readonly stripQuery: boolean;
}

export interface DirectResponseAction {
  readonly kind: "direct_response";
  readonly status: number;
  readonly body?: string;
}

export type RouteAction = ForwardAction | RedirectAction | DirectResponseAction;

export interface Route {
  readonly name: string;
  readonly match: RouteMatch;
  readonly action: RouteAction;
  readonly requestHeaders: HeaderMutation;
  readonly responseHeaders: HeaderMutation;
  readonly perFilterConfig: PerFilterConfig;
}

export interface VirtualHost {
  readonly name: string;
  /** Lower case, as configured. */
  readonly domains: readonly string[];
  readonly routes: readonly Route[];
  readonly requestHeaders: HeaderMutation;
  readonly responseHeaders: HeaderMutation;
  readonly perFilterConfig: PerFilterConfig;
  readonly includeAttemptCount: boolean;
}

/** Virtual hosts indexed by domain, in Envoy's lookup order (exact, suffix, prefix wildcard, "*"). */
export interface DomainIndex {
  readonly exact: ReadonlyMap<string, VirtualHost>;
  /** `*.example.com` style, longest suffix first. `suffix` excludes the `*`. */
  readonly suffixes: readonly { readonly suffix: string; readonly virtualHost: VirtualHost }[];
  /** `example.*` style, longest prefix first. `prefix` excludes the `*`. */
  readonly prefixes: readonly { readonly prefix: string; readonly virtualHost: VirtualHost }[];
  readonly catchAll?: VirtualHost;
}

export interface RouteConfig {
  readonly name: string;
  readonly virtualHosts: readonly VirtualHost[];
  readonly domains: DomainIndex;
  readonly requestHeaders: HeaderMutation;
  readonly responseHeaders: HeaderMutation;
  readonly perFilterConfig: PerFilterConfig;
  readonly ignorePortInHostMatching: boolean;
  readonly internalOnlyHeaders: readonly string[];
}

// Filter configuration carried by listeners and overridden per route (typed_per_filter_config).

export type FilterOverride =
  | { readonly kind: "fault"; readonly fault: FaultConfig }
  | { readonly kind: "local_rate_limit"; readonly rateLimit: LocalRateLimitConfig }
  /** route.v3.FilterConfig with disabled: true turns the named filter off for this scope. */
  | { readonly kind: "disabled" }
  | { readonly kind: "unsupported"; readonly typeUrl: string };

/** Keyed by the HTTP filter's name in the listener's http_filters list. */
export type PerFilterConfig = ReadonlyMap<string, FilterOverride>;
