/**
 * Envoy's two statistical outlier detectors, over the requests of one interval (pure):
 * - success rate: among hosts with at least `requestVolume` requests, and only when there are at least
 *   `minimumHosts` of them, a host whose success rate is below mean − (stdevFactor / 1000) × stdev (the
 *   population standard deviation of those hosts' rates) is an outlier;
 * - failure percentage: among hosts with at least `requestVolume` requests, and at least `minimumHosts` of
 *   them, a host whose share of failed requests is at or above `threshold` percent is an outlier.
 */

export interface IntervalVolume {
  readonly key: string;
  readonly requests: number;
  readonly failures: number;
}

export interface SuccessRateRule {
  readonly requestVolume: number;
  readonly minimumHosts: number;
  /** Thousandths: 1900 means 1.9 standard deviations. */
  readonly stdevFactor: number;
}

export interface FailurePercentageRule {
  readonly requestVolume: number;
  readonly minimumHosts: number;
  /** Percent of failed requests at or above which a host is an outlier. */
  readonly threshold: number;
}

export function successRateOutliers(hosts: readonly IntervalVolume[], rule: SuccessRateRule): string[] {
  const eligible = eligibleHosts(hosts, rule.requestVolume, rule.minimumHosts);
  if (eligible.length === 0) return [];
  const rates = eligible.map((h) => (100 * (h.requests - h.failures)) / h.requests);
  const mean = rates.reduce((sum, rate) => sum + rate, 0) / rates.length;
  const variance = rates.reduce((sum, rate) => sum + (rate - mean) ** 2, 0) / rates.length;
  const threshold = mean - (rule.stdevFactor / 1000) * Math.sqrt(variance);
  return eligible.filter((_, i) => rates[i]! < threshold).map((h) => h.key);
}

export function failurePercentageOutliers(
  hosts: readonly IntervalVolume[],
  rule: FailurePercentageRule,
): string[] {
  return eligibleHosts(hosts, rule.requestVolume, rule.minimumHosts)
    .filter((h) => (100 * h.failures) / h.requests >= rule.threshold)
    .map((h) => h.key);
}

/** Hosts with enough requests to judge, or none when too few hosts have them. */
function eligibleHosts(
  hosts: readonly IntervalVolume[],
  requestVolume: number,
  minimumHosts: number,
): IntervalVolume[] {
  const eligible = hosts.filter((h) => h.requests > 0 && h.requests >= requestVolume);
  return eligible.length >= Math.max(1, minimumHosts) ? eligible : [];
}
