import type { MeshConfig } from "../schema";
import { checkDurations } from "./durations";
import { IssueCollector, type ValidationResult } from "./issues";
import { checkUniqueNames } from "./names";
import { checkPolicies } from "./policies";
import { checkAuthorizationRefs, indexServices } from "./references";
import { checkRegexes } from "./regexes";
import { checkRoutes, type RouteCheckOptions } from "./routes";

export type ValidateOptions = RouteCheckOptions;

/**
 * Checks what the zod schema cannot: unique names, references to services and subsets, weights summing
 * to 100 per rule, RE2 syntax, duration ranges and relations, unreachable rules. Takes a config that
 * already passed meshConfigSchema. Errors block a change; warnings are shown but do not.
 */
export function validateMeshConfig(config: MeshConfig, options: ValidateOptions = {}): ValidationResult {
  const issues = new IssueCollector();
  const services = indexServices(config);
  checkUniqueNames(config, issues);
  checkRoutes(config, services, issues, options);
  checkAuthorizationRefs(config, services, issues);
  checkRegexes(config, issues);
  checkDurations(config, issues);
  checkPolicies(config, issues);
  return issues.result();
}
