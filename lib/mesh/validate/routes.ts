import { canonicalJson } from "../canonical";
import { parseDurationMs } from "../duration";
import type { PathSegment } from "../path";
import { destinationKey, effectiveWeight, isCatchAll } from "../rules";
import type { MeshConfig, RouteRule } from "../schema";
import type { IssueCollector } from "./issues";
import { checkServiceRef, type ServiceIndex } from "./references";

export interface RouteCheckOptions {
  /** When given, faults that expired before this time are reported as warnings. */
  now?: Date | undefined;
}

export function checkRoutes(
  config: MeshConfig,
  services: ServiceIndex,
  issues: IssueCollector,
  options: RouteCheckOptions,
): void {
  config.services.forEach((service, s) => {
    const rules = service.routes ?? [];
    rules.forEach((rule, r) => {
      const path = ["services", s, "routes", r] as const;
      checkDestinations(rule, path, services, issues);
      if (rule.mirror) checkServiceRef(rule.mirror, [...path, "mirror"], services, issues);
      checkRetry(rule, path, issues);
      checkFaultExpiry(rule, path, issues, options.now);
    });
    checkReachability(rules, ["services", s, "routes"], issues);
  });
}

function checkDestinations(
  rule: RouteRule,
  rulePath: readonly PathSegment[],
  services: ServiceIndex,
  issues: IssueCollector,
): void {
  let sum = 0;
  let complete = true;
  const seen = new Map<string, number>();
  rule.destinations.forEach((destination, d) => {
    const path = [...rulePath, "destinations", d];
    checkServiceRef(destination, path, services, issues);
    const weight = effectiveWeight(rule, destination);
    if (weight === undefined) {
      issues.error([...path, "weight"], "required when a rule has several destinations");
      complete = false;
    } else if (weight < 0) {
      issues.error([...path, "weight"], `must not be negative (got ${weight})`);
      complete = false;
    } else {
      sum += weight;
    }
    const key = destinationKey(destination);
    const first = seen.get(key);
    if (first !== undefined) {
      issues.warning(path, `same destination as destinations[${first}] (${key}); their weights add up`);
    } else {
      seen.set(key, d);
    }
  });
  if (complete && sum !== 100) {
    issues.error([...rulePath, "destinations"], `weights sum to ${sum}; they must sum to 100`);
  }
}

function checkRetry(rule: RouteRule, rulePath: readonly PathSegment[], issues: IssueCollector): void {
  const retry = rule.retry;
  if (!retry) return;
  const path = [...rulePath, "retry"];
  const wantsCodes = retry.retryOn.includes("retriable-status-codes");
  const hasCodes = (retry.retriableStatusCodes?.length ?? 0) > 0;
  if (wantsCodes && !hasCodes) {
    issues.error(
      [...path, "retriableStatusCodes"],
      'required when retryOn includes "retriable-status-codes"',
    );
  }
  if (hasCodes && !wantsCodes) {
    issues.error([...path, "retryOn"], 'add "retriable-status-codes" to retry on retriableStatusCodes');
  }
  const timeout = rule.timeout === undefined ? null : parseDurationMs(rule.timeout);
  const perTry = retry.perTryTimeout === undefined ? null : parseDurationMs(retry.perTryTimeout);
  if (timeout !== null && perTry !== null && perTry > timeout) {
    issues.warning(
      [...path, "perTryTimeout"],
      `longer than the rule timeout (${rule.timeout}), which caps all tries together`,
    );
  }
}

function checkFaultExpiry(
  rule: RouteRule,
  rulePath: readonly PathSegment[],
  issues: IssueCollector,
  now: Date | undefined,
): void {
  const expiresAt = rule.fault?.expiresAt;
  if (now === undefined || expiresAt === undefined) return;
  if (Date.parse(expiresAt) <= now.getTime()) {
    issues.warning(
      [...rulePath, "fault", "expiresAt"],
      `expired at ${expiresAt}; the fault is no longer applied`,
    );
  }
}

/** Flags rules that can never match: everything after a catch-all, and repeats of an earlier match. */
function checkReachability(
  rules: readonly RouteRule[],
  listPath: readonly PathSegment[],
  issues: IssueCollector,
): void {
  const catchAll = rules.findIndex((rule) => isCatchAll(rule.match));
  if (catchAll >= 0 && catchAll < rules.length - 1) {
    const last = rules.length - 1;
    const rest =
      last === catchAll + 1
        ? `rule ${last} is unreachable`
        : `rules ${catchAll + 1}..${last} are unreachable`;
    issues.warning([...listPath, catchAll], `rule ${catchAll} matches every request; ${rest}`);
  }
  const seen = new Map<string, number>();
  const limit = catchAll >= 0 ? catchAll : rules.length;
  for (let r = 0; r < limit; r++) {
    const key = canonicalJson(rules[r]?.match ?? {});
    const first = seen.get(key);
    if (first !== undefined) {
      issues.warning([...listPath, r, "match"], `same match as rule ${first}, so this rule is unreachable`);
    } else {
      seen.set(key, r);
    }
  }
}
