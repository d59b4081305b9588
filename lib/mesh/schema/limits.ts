/**
 * Every list and string in the mesh config has a bound, so that an oversized or hostile document is
 * rejected with a clear message instead of exhausting the control plane or the proxies.
 */
export const LIMITS = {
  /** DNS-label style names: services, subsets, rules, policies. */
  nameLength: 63,
  services: 1000,
  subsetsPerService: 32,
  rulesPerService: 64,
  endpointsPerService: 256,
  destinationsPerRule: 16,
  matchersPerRule: 16,
  labelsPerSelector: 16,
  labelKeyLength: 63,
  labelValueLength: 63,
  headerNameLength: 128,
  headerValueLength: 1024,
  headerChanges: 32,
  pathLength: 1024,
  regexLength: 1024,
  retryConditions: 10,
  retryStatusCodes: 16,
  authorizationPolicies: 1000,
  authorizationSources: 64,
  /** Used by the YAML/JSON loader: the whole document. */
  documentBytes: 2 * 1024 * 1024,
} as const;
