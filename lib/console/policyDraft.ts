import { canonicalJson } from "@/lib/mesh/canonical";
import { effectiveWeight } from "@/lib/mesh/rules";
import { type MeshConfig, meshConfigSchema, type RouteRule, type Service } from "@/lib/mesh/schema";
import type { ValidationIssue } from "@/lib/mesh/validate/issues";
import { validateMeshConfig } from "@/lib/mesh/validate/validateMeshConfig";
import { describeZodError } from "@/lib/mesh/zodIssues";

/**
 * The policy editor's draft: a whole MeshConfig edited through small immutable updates, checked with the
 * same schema and validation the server runs (one schema, many uses), so the forms show the server's own
 * messages before anything is sent.
 */

export interface DraftCheck {
  ok: boolean;
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
}

export function checkDraft(config: MeshConfig, now: Date): DraftCheck {
  const parsed = meshConfigSchema.safeParse(config);
  if (!parsed.success) return { ok: false, errors: describeZodError(parsed.error), warnings: [] };
  const result = validateMeshConfig(parsed.data, { now });
  return { ok: result.ok, errors: result.errors, warnings: result.warnings };
}

/** Issues at `path` or below it (e.g. every issue of `services[2].routes[0]`). */
export function issuesUnder(issues: readonly ValidationIssue[], path: string): ValidationIssue[] {
  return issues.filter(
    (issue) => issue.path === path || issue.path.startsWith(`${path}.`) || issue.path.startsWith(`${path}[`),
  );
}

export function sameConfig(a: MeshConfig, b: MeshConfig): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** A copy with one service replaced by `change(service)`; unknown names leave the config as is. */
export function updateService(
  config: MeshConfig,
  name: string,
  change: (service: Service) => Service,
): MeshConfig {
  const index = config.services.findIndex((service) => service.name === name);
  const found = config.services[index];
  if (!found) return config;
  const services = [...config.services];
  services[index] = change(found);
  return { ...config, services };
}

/** A copy with rule `ruleIndex` of a service replaced by `change(rule)`. */
export function updateRule(
  config: MeshConfig,
  service: string,
  ruleIndex: number,
  change: (rule: RouteRule) => RouteRule,
): MeshConfig {
  return updateService(config, service, (found) => {
    const rules = found.routes ?? [];
    const rule = rules[ruleIndex];
    if (!rule) return found;
    const routes = [...rules];
    routes[ruleIndex] = change(rule);
    return { ...found, routes };
  });
}

/** Sets an optional key, removing it when the value is undefined (so YAML and diffs stay clean). */
export function withKey<T extends object, K extends keyof T>(object: T, key: K, value: T[K] | undefined): T {
  const copy = { ...object };
  if (value === undefined) delete copy[key];
  else copy[key] = value;
  return copy;
}

/** The weights a rule's sliders start from: a lone destination without one has 100. */
export function ruleWeights(rule: RouteRule): number[] {
  return rule.destinations.map((destination) => effectiveWeight(rule, destination) ?? 0);
}

/** A rule with new weights, one per destination, in order. */
export function withWeights(rule: RouteRule, weights: readonly number[]): RouteRule {
  return {
    ...rule,
    destinations: rule.destinations.map((destination, index) => ({
      ...destination,
      weight: weights[index] ?? 0,
    })),
  };
}

/** The label a rule goes by in the UI and in API paths: its name, or its index. */
export function ruleLabel(rule: RouteRule, index: number): string {
  return rule.name ?? String(index);
}

/** Index of a service in the config, for validation paths (`services[3]...`). */
export function servicePath(config: MeshConfig, name: string): string {
  return `services[${config.services.findIndex((service) => service.name === name)}]`;
}

/** A new, empty service entry (an admin starting policy for a service that only has telemetry). */
export function addService(config: MeshConfig, name: string): MeshConfig {
  if (config.services.some((service) => service.name === name)) return config;
  return { ...config, services: [...config.services, { name }] };
}

/** A catch-all rule sending everything to the service itself, the usual start of a traffic split. */
export function addRule(config: MeshConfig, service: string): MeshConfig {
  return updateService(config, service, (found) => ({
    ...found,
    routes: [...(found.routes ?? []), { destinations: [{ service, weight: 100 }] }],
  }));
}

export function removeRule(config: MeshConfig, service: string, ruleIndex: number): MeshConfig {
  return updateService(config, service, (found) => {
    const routes = (found.routes ?? []).filter((_, index) => index !== ruleIndex);
    return withKey(found, "routes", routes.length > 0 ? routes : undefined);
  });
}
