import type { PathSegment } from "../path";
import type { DestinationPolicy, MeshConfig } from "../schema";
import type { IssueCollector } from "./issues";

/** Relations inside a destination policy that the schema cannot express. */
export function checkPolicies(config: MeshConfig, issues: IssueCollector): void {
  config.services.forEach((service, s) => {
    if (service.policy) checkPolicy(service.policy, ["services", s, "policy"], issues);
    (service.subsets ?? []).forEach((subset, k) => {
      if (subset.policy) checkPolicy(subset.policy, ["services", s, "subsets", k, "policy"], issues);
    });
  });
}

function checkPolicy(policy: DestinationPolicy, path: readonly PathSegment[], issues: IssueCollector): void {
  const lb = policy.loadBalancer;
  if (lb) {
    const lbPath = [...path, "loadBalancer"];
    if (lb.minRingSize !== undefined && lb.maxRingSize !== undefined && lb.minRingSize > lb.maxRingSize) {
      issues.error([...lbPath, "minRingSize"], `must not exceed maxRingSize (${lb.maxRingSize})`);
    }
    if ((lb.type === "ring_hash" || lb.type === "maglev") && lb.hashOn === undefined) {
      issues.warning(
        lbPath,
        `${lb.type} without hashOn hashes every request randomly, so there is no affinity`,
      );
    }
  }
  const rateLimit = policy.localRateLimit;
  if (rateLimit && rateLimit.tokensPerFill > rateLimit.maxTokens) {
    issues.warning(
      [...path, "localRateLimit", "tokensPerFill"],
      `above maxTokens (${rateLimit.maxTokens}); the bucket never holds more than maxTokens`,
    );
  }
}
