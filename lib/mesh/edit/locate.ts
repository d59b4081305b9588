import type { MeshConfig, RouteRule, Service } from "../schema";

/** An edit names something the config does not have (an unknown service, rule or endpoint). */
export class MeshEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MeshEditError";
  }
}

export interface RuleLocation {
  serviceIndex: number;
  ruleIndex: number;
  service: Service;
  rule: RouteRule;
}

export function findService(config: MeshConfig, name: string): { index: number; service: Service } {
  const index = config.services.findIndex((service) => service.name === name);
  const service = config.services[index];
  if (!service) throw new MeshEditError(`service "${name}" is not in the mesh config`);
  return { index, service };
}

/**
 * A rule by name, or by its position when it has none: rule names start with a letter, so "0", "1", …
 * always mean an index.
 */
export function findRule(config: MeshConfig, serviceName: string, rule: string): RuleLocation {
  const { index: serviceIndex, service } = findService(config, serviceName);
  const rules = service.routes ?? [];
  const ruleIndex = /^\d{1,3}$/.test(rule)
    ? Number(rule) < rules.length
      ? Number(rule)
      : -1
    : rules.findIndex((candidate) => candidate.name === rule);
  const found = rules[ruleIndex];
  if (!found) {
    const known = rules.map((candidate, i) => candidate.name ?? String(i)).join(", ") || "none";
    throw new MeshEditError(`service "${serviceName}" has no rule "${rule}" (rules: ${known})`);
  }
  return { serviceIndex, ruleIndex, service, rule: found };
}

/** A copy of the config with one rule replaced; the input is never changed. */
export function replaceRule(config: MeshConfig, at: RuleLocation, rule: RouteRule): MeshConfig {
  const next = structuredClone(config);
  const routes = next.services[at.serviceIndex]?.routes;
  if (!routes) throw new MeshEditError("rule disappeared while editing");
  routes[at.ruleIndex] = rule;
  return next;
}

/** A copy of the config with one service replaced. */
export function replaceService(config: MeshConfig, index: number, service: Service): MeshConfig {
  const next = structuredClone(config);
  next.services[index] = service;
  return next;
}
