import { parseDurationMs } from "../duration";
import type { Destination, ExternalEndpoint, Fault, MeshConfig, Service } from "../schema";
import { findRule, findService, MeshEditError, replaceRule, replaceService } from "./locate";

// The small, targeted changes the console's forms make. Each takes a config and returns a new one (the
// input is never changed); the caller validates the result like any other config before committing it.

/** Replaces the destinations (and so the weights) of one rule. */
export function setRuleDestinations(
  config: MeshConfig,
  service: string,
  rule: string,
  destinations: Destination[],
): MeshConfig {
  const at = findRule(config, service, rule);
  return replaceRule(config, at, { ...at.rule, destinations });
}

/** Sets (or replaces) the fault of one rule. */
export function setRuleFault(config: MeshConfig, service: string, rule: string, fault: Fault): MeshConfig {
  const at = findRule(config, service, rule);
  return replaceRule(config, at, { ...at.rule, fault });
}

/** Removes the fault of one rule; a rule without a fault is an error, so a typo is not silently accepted. */
export function clearRuleFault(config: MeshConfig, service: string, rule: string): MeshConfig {
  const at = findRule(config, service, rule);
  if (!at.rule.fault) throw new MeshEditError(`rule "${rule}" of service "${service}" has no fault`);
  const { fault: _removed, ...rest } = at.rule;
  return replaceRule(config, at, rest);
}

export interface RemovedFault {
  service: string;
  rule: string;
}

/** The kill switch: every fault of every rule removed at once. */
export function clearAllFaults(config: MeshConfig): { config: MeshConfig; removed: RemovedFault[] } {
  const removed: RemovedFault[] = [];
  const next = structuredClone(config);
  for (const service of next.services) {
    service.routes = service.routes?.map((rule, index) => {
      if (!rule.fault) return rule;
      removed.push({ service: service.name, rule: rule.name ?? String(index) });
      const { fault: _removed, ...rest } = rule;
      return rest;
    });
  }
  return { config: removed.length > 0 ? next : config, removed };
}

/** Adds an external endpoint, or replaces the one with the same address and port. */
export function putExternalEndpoint(
  config: MeshConfig,
  service: string,
  endpoint: ExternalEndpoint,
): MeshConfig {
  const { index, service: found } = findService(config, service);
  const others = (found.endpoints ?? []).filter(
    (existing) => !(existing.address === endpoint.address && existing.port === endpoint.port),
  );
  return replaceService(config, index, { ...found, endpoints: [...others, endpoint] });
}

export function removeExternalEndpoint(
  config: MeshConfig,
  service: string,
  address: string,
  port: number,
): MeshConfig {
  const { index, service: found } = findService(config, service);
  const endpoints = found.endpoints ?? [];
  const kept = endpoints.filter((existing) => !(existing.address === address && existing.port === port));
  if (kept.length === endpoints.length) {
    throw new MeshEditError(`service "${service}" has no external endpoint ${address}:${port}`);
  }
  const next: Service = { ...found, endpoints: kept };
  if (kept.length === 0) delete next.endpoints;
  return replaceService(config, index, next);
}

/** Faults are for experiments; a month is far beyond any sane one. */
const MAX_FAULT_LIFETIME_MS = 30 * 24 * 3_600_000;

/**
 * A fault whose expiry is given as a duration from now ("15m") gets the absolute RFC 3339 time the
 * config stores, so every replica and proxy agrees on when it ends.
 */
export function withExpiry(fault: Fault, expiresIn: string | undefined, now: Date): Fault {
  if (expiresIn === undefined) return fault;
  if (fault.expiresAt !== undefined) throw new MeshEditError("set expiresAt or expiresIn, not both");
  const ms = parseDurationMs(expiresIn);
  if (ms === null || ms <= 0 || ms > MAX_FAULT_LIFETIME_MS) {
    throw new MeshEditError(`expiresIn "${expiresIn}" must be a duration from 1ms to 30 days`);
  }
  return { ...fault, expiresAt: new Date(now.getTime() + ms).toISOString() };
}
